import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LimitExceededError, ParseError } from "../base/index.ts";
import { codecOf, directionOf, fmtpOf, hasRtcpMux, ptimeOf, rtcpOf, rtpMaps, ssrcsOf } from "./attributes.ts";
import { GOLDEN, GRANDSTREAM_OFFER, LINPHONE_OFFER, OLD_HOLD_OFFER } from "./golden-sdps.ts";
import { DEFAULT_SDP_LIMITS } from "./limits.ts";
import { parseSdp } from "./parse.ts";
import { serializeSdp } from "./serialize.ts";

const crlf = (s: string) => s.replace(/\n/g, "\r\n");

describe("SDP parse (golden phones)", () => {
  for (const [name, text] of Object.entries(GOLDEN)) {
    it(`${name}: parses, and serialize→parse is the identity, with LF or CRLF`, () => {
      const sdp = parseSdp(text);
      assert.deepEqual(parseSdp(crlf(text)), sdp);
      const again = serializeSdp(sdp);
      assert.deepEqual(parseSdp(again), sdp);
      // The serializer's output is canonical: CRLF everywhere, and stable.
      assert.equal(serializeSdp(parseSdp(again)), again);
      assert.ok(again.endsWith("\r\n") && !/[^\r]\n/.test(again));
    });
  }

  it("linphone: session and media fields, unknown attributes kept in order", () => {
    const sdp = parseSdp(LINPHONE_OFFER);
    assert.equal(sdp.origin.username, "bob");
    assert.equal(sdp.origin.sessionVersion, 1593n);
    assert.equal(sdp.sessionName, "Talk");
    assert.equal(sdp.connection?.address, "10.0.0.23");
    assert.deepEqual(
      sdp.attributes.map((a) => a.name),
      ["ice-pwd", "ice-ufrag", "rtcp-xr", "record"],
    );
    assert.equal(sdp.media.length, 2);
    const [audio, video] = sdp.media;
    assert.equal(audio!.port, 7078);
    assert.deepEqual(audio!.formats, ["96", "97", "98", "0", "8", "18", "101", "99", "100"]);
    assert.deepEqual(rtcpOf(audio!), { port: 7079 });
    assert.equal(rtpMaps(audio!).get(100)?.clockRate, 8000);
    assert.equal(codecOf(audio!, "0")?.encoding, "PCMU", "static payload type without rtpmap");
    assert.equal(fmtpOf(audio!, 18), "annexb=yes");
    const names = audio!.attributes.map((a) => a.name);
    assert.deepEqual(names.slice(-3), ["candidate", "rtcp-fb", "rtcp-fb"]);
    assert.equal(video!.type, "video");
    assert.equal(directionOf(audio!, sdp), "sendrecv");
  });

  it("grandstream: media-level c=, ptime, fmtp with spaces", () => {
    const sdp = parseSdp(GRANDSTREAM_OFFER);
    const m = sdp.media[0]!;
    assert.equal(m.connections[0]?.address, "192.168.2.77");
    assert.equal(ptimeOf(m), 20);
    assert.match(fmtpOf(m, 123) ?? "", /useinbandfec=1$/);
    assert.equal(hasRtcpMux(m), false);
  });

  it("baresip: a=ssrc and b=", () => {
    const sdp = parseSdp(GOLDEN.baresip!);
    const m = sdp.media[0]!;
    assert.deepEqual(ssrcsOf(m), [{ ssrc: 3470151421, attribute: "cname", value: "sip:alice@192.168.1.50" }]);
    assert.deepEqual(m.bandwidths, [{ type: "AS", value: 93 }]);
  });

  it("old hold: c=0.0.0.0, no direction attribute", () => {
    const sdp = parseSdp(OLD_HOLD_OFFER);
    assert.equal(sdp.connection?.address, "0.0.0.0");
    assert.equal(directionOf(sdp.media[0]!, sdp), "sendrecv");
  });

  it("keeps every RFC 8866 session line: i u e p b r z k, multicast ttl/count", () => {
    const text = `v=0
o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1
s=Call to John Smith
i=SDP Offer #1
u=http://www.jdoe.example.com/home.html
e=Jane Doe <jane@jdoe.example.com>
p=+1 617 555-6011
c=IN IP4 233.252.0.1/127/2
b=CT:128
t=2873397496 2873404696
r=7d 1h 0 25h
z=2882844526 -1h 2898848070 0
k=prompt
a=recvonly
m=audio 49170/2 RTP/AVP 0
i=voice
c=IN IP6 ff00::db8:0:101/3
b=AS:64
k=prompt
m=application 32416 udp wb
a=orient:portrait
`;
    const sdp = parseSdp(text);
    assert.equal(sdp.info, "SDP Offer #1");
    assert.equal(sdp.emails.length, 1);
    assert.equal(sdp.phones[0], "+1 617 555-6011");
    assert.deepEqual(sdp.connection, {
      netType: "IN",
      addrType: "IP4",
      address: "233.252.0.1",
      ttl: 127,
      count: 2,
    });
    assert.deepEqual(sdp.timings, [{ start: "2873397496", stop: "2873404696", repeats: ["7d 1h 0 25h"] }]);
    assert.equal(sdp.timeZones, "2882844526 -1h 2898848070 0");
    assert.equal(sdp.media[0]!.portCount, 2);
    assert.deepEqual(sdp.media[0]!.connections[0], {
      netType: "IN",
      addrType: "IP6",
      address: "ff00::db8:0:101",
      count: 3,
    });
    assert.equal(directionOf(sdp.media[0]!, sdp), "recvonly", "session-level direction applies");
    assert.deepEqual(parseSdp(serializeSdp(sdp)), sdp);
  });
});

describe("SDP parse errors", () => {
  const bad: Array<[string, string, number]> = [
    ["empty", "", 0],
    ["not v= first", "o=- 1 1 IN IP4 1.2.3.4\nv=0\n", 0],
    ["version 1", "v=1\no=- 1 1 IN IP4 1.2.3.4\n", 0],
    ["missing o=", "v=0\ns=-\n", 8],
    ["o= short", "v=0\no=- 1 IN IP4 1.2.3.4\n", 4],
    ["o= non-numeric version", "v=0\no=- 1 x IN IP4 1.2.3.4\n", 4],
    ["garbage line", "v=0\nhello\n", 4],
    ["m= port too big", "v=0\no=- 1 1 IN IP4 1.2.3.4\nc=IN IP4 1.2.3.4\nm=audio 70000 RTP/AVP 0\n", 44],
    ["m= bad payload type", "v=0\no=- 1 1 IN IP4 1.2.3.4\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 200\n", 44],
    ["no c= anywhere", "v=0\no=- 1 1 IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\n", 27],
    [
      "bad rtpmap",
      "v=0\no=- 1 1 IN IP4 1.2.3.4\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\na=rtpmap:0 PCMU\n",
      67,
    ],
    ["bad ptime", "v=0\no=- 1 1 IN IP4 1.2.3.4\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\na=ptime:-5\n", 67],
    ["s= in media", "v=0\no=- 1 1 IN IP4 1.2.3.4\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\ns=x\n", 67],
  ];
  for (const [name, text, offset] of bad) {
    it(`${name} → ParseError at ${offset}`, () => {
      assert.throws(
        () => parseSdp(text),
        (e: unknown) => e instanceof ParseError && e.offset === offset,
      );
    });
  }

  it("enforces the limits with LimitExceededError", () => {
    const many = `v=0\no=- 1 1 IN IP4 1.2.3.4\nc=IN IP4 1.2.3.4\n${"m=audio 4000 RTP/AVP 0\n".repeat(20)}`;
    assert.throws(
      () => parseSdp(many),
      (e: unknown) => e instanceof LimitExceededError && e.limit === "maxMedia",
    );
    const big = `v=0\n${"a=x\n".repeat(5000)}`;
    assert.throws(
      () => parseSdp(big),
      (e: unknown) => e instanceof LimitExceededError && e.limit === "maxBytes",
    );
    assert.throws(
      () => parseSdp(`v=0\na=${"x".repeat(3000)}\n`),
      (e: unknown) => e instanceof LimitExceededError && e.limit === "maxLineLength",
    );
    const attrs = `v=0\no=- 1 1 IN IP4 1.2.3.4\n${"a=x\n".repeat(300)}`;
    assert.throws(
      () => parseSdp(attrs, { ...DEFAULT_SDP_LIMITS, maxLines: 1000 }),
      (e: unknown) => e instanceof LimitExceededError && e.limit === "maxAttributes",
    );
  });

  it("tolerates a missing s= and t=, unknown type letters and trailing spaces", () => {
    const sdp = parseSdp(
      "v=0 \no=- 1 1 IN IP4 1.2.3.4\nx=whatever\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\n",
    );
    assert.equal(sdp.sessionName, "-");
    assert.deepEqual(sdp.timings, [{ start: "0", stop: "0", repeats: [] }]);
    assert.equal(sdp.media[0]!.port, 4000);
  });
});
