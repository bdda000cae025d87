import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { directionOf, fmtpOf, rtcpOf } from "./attributes.ts";
import { answerDirection, reverseDirection } from "./direction.ts";
import {
  BARESIP_OFFER,
  CISCO_7821_HOLD,
  CISCO_7821_OFFER,
  G729_ONLY_OFFER,
  GRANDSTREAM_OFFER,
  LINPHONE_OFFER,
  OLD_HOLD_OFFER,
  YEALINK_OFFER,
} from "./golden-sdps.ts";
import { DIRECTIONS, type Direction, type SdpOrigin } from "./model.ts";
import { acceptedStream, buildAnswer, buildOffer } from "./offer-answer.ts";
import { parseSdp } from "./parse.ts";
import { serializeSdp } from "./serialize.ts";

const origin: SdpOrigin = {
  username: "pibx",
  sessionId: "42",
  sessionVersion: 1n,
  netType: "IN",
  addrType: "IP4",
  address: "192.168.1.2",
};
const opts = { origin, address: "192.168.1.2", port: 20000 };

describe("RFC 3264 §6.1 direction matrix", () => {
  // offered → wanted → answer
  const table: Record<Direction, Record<Direction, Direction>> = {
    sendrecv: { sendrecv: "sendrecv", sendonly: "sendonly", recvonly: "recvonly", inactive: "inactive" },
    sendonly: { sendrecv: "recvonly", sendonly: "inactive", recvonly: "recvonly", inactive: "inactive" },
    recvonly: { sendrecv: "sendonly", sendonly: "sendonly", recvonly: "inactive", inactive: "inactive" },
    inactive: { sendrecv: "inactive", sendonly: "inactive", recvonly: "inactive", inactive: "inactive" },
  };
  for (const offered of DIRECTIONS) {
    for (const wanted of DIRECTIONS) {
      it(`${offered} offered, ${wanted} wanted → ${table[offered][wanted]}`, () => {
        assert.equal(answerDirection(offered, wanted), table[offered][wanted]);
        const offer = parseSdp(CISCO_7821_OFFER.replace("a=sendrecv", `a=${offered}`));
        const { sdp } = buildAnswer(offer, { ...opts, direction: wanted });
        assert.equal(directionOf(sdp.media[0]!, sdp), table[offered][wanted]);
      });
    }
  }
  it("reverse swaps sendonly and recvonly only", () => {
    assert.deepEqual(DIRECTIONS.map(reverseDirection), ["sendrecv", "recvonly", "sendonly", "inactive"]);
  });
});

describe("buildAnswer on real offers", () => {
  const cases: Array<[string, string, string, number | undefined]> = [
    ["baresip (opus, G722 first)", BARESIP_OFFER, "PCMU", 101],
    ["linphone (telephone-event at 48k first)", LINPHONE_OFFER, "PCMU", 100],
    ["cisco 7821", CISCO_7821_OFFER, "PCMU", 101],
    ["yealink", YEALINK_OFFER, "PCMU", 101],
    ["grandstream (prefers PCMA)", GRANDSTREAM_OFFER, "PCMA", 101],
  ];
  for (const [name, text, codec, te] of cases) {
    it(`${name}: ${codec}, telephone-event ${te}`, () => {
      const offer = parseSdp(text);
      const { sdp, stream } = buildAnswer(offer, opts);
      assert.equal(stream?.codec.encoding, codec);
      assert.equal(stream?.telephoneEvent, te);
      // RFC 3264 §6: one m= per offered m=, same order and type.
      assert.deepEqual(
        sdp.media.map((m) => m.type),
        offer.media.map((m) => m.type),
      );
      const audio = sdp.media[0]!;
      assert.equal(audio.port, 20000);
      assert.deepEqual(audio.formats, [String(stream!.codec.payloadType), String(te)]);
      assert.equal(fmtpOf(audio, te!), "0-16");
      assert.deepEqual(rtcpOf(audio), { port: 20001 });
      assert.equal(sdp.connection?.address, "192.168.1.2");
      // The answer survives its own serializer.
      assert.deepEqual(parseSdp(serializeSdp(sdp)), sdp);
    });
  }

  it("linphone's video stream is rejected with port 0 and its formats", () => {
    const { sdp } = buildAnswer(parseSdp(LINPHONE_OFFER), opts);
    assert.equal(sdp.media[1]!.port, 0);
    assert.deepEqual(sdp.media[1]!.formats, ["96", "97"]);
  });

  it("no common codec: every stream rejected, no negotiated stream", () => {
    const { sdp, stream } = buildAnswer(parseSdp(G729_ONLY_OFFER), opts);
    assert.equal(stream, undefined);
    assert.equal(sdp.media[0]!.port, 0);
  });

  it("a second audio stream is rejected (one relayed stream per call)", () => {
    const two = `${CISCO_7821_OFFER}m=audio 16468 RTP/AVP 0\na=rtpmap:0 PCMU/8000\n`;
    const { sdp, stream } = buildAnswer(parseSdp(two), opts);
    assert.equal(stream?.index, 0);
    assert.deepEqual(
      sdp.media.map((m) => m.port),
      [20000, 0],
    );
  });

  it("SRTP profiles are rejected", () => {
    const { stream } = buildAnswer(parseSdp(CISCO_7821_OFFER.replace("RTP/AVP", "RTP/SAVP")), opts);
    assert.equal(stream, undefined);
  });

  it("the old hold form c=0.0.0.0 is answered recvonly (RFC 3264 §8.4)", () => {
    const { sdp, stream } = buildAnswer(parseSdp(OLD_HOLD_OFFER), opts);
    assert.equal(stream?.direction, "recvonly");
    assert.equal(directionOf(sdp.media[0]!), "recvonly");
  });

  it("a Cisco hold (sendonly) is answered recvonly", () => {
    const { stream } = buildAnswer(parseSdp(CISCO_7821_HOLD), opts);
    assert.equal(stream?.direction, "recvonly");
  });

  it("rtcp-mux is answered only when offered", () => {
    const withMux = parseSdp(`${CISCO_7821_OFFER}a=rtcp-mux\n`);
    const { sdp, stream } = buildAnswer(withMux, opts);
    assert.equal(stream?.rtcpMux, true);
    assert.ok(sdp.media[0]!.attributes.some((a) => a.name === "rtcp-mux"));
    assert.equal(rtcpOf(sdp.media[0]!), undefined);
  });
});

describe("buildOffer / acceptedStream (the appliance as offerer)", () => {
  it("offers PCMU, PCMA, telephone-event 101 and reads the answer back", () => {
    const offer = buildOffer(opts);
    assert.deepEqual(offer.media[0]!.formats, ["0", "8", "101"]);
    // A Yealink answering with PCMA only.
    const answer = parseSdp(
      "v=0\no=- 5 5 IN IP4 192.168.1.104\ns=-\nc=IN IP4 192.168.1.104\nt=0 0\nm=audio 11800 RTP/AVP 8 101\na=rtpmap:8 PCMA/8000\na=rtpmap:101 telephone-event/8000\na=sendrecv\n",
    );
    const s = acceptedStream(answer);
    assert.equal(s?.codec.encoding, "PCMA");
    assert.equal(s?.telephoneEvent, 101);
    assert.equal(acceptedStream(parseSdp(G729_ONLY_OFFER)), undefined);
  });
});
