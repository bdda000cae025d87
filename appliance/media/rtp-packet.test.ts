import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ParseError } from "../base/index.ts";
import { decodeRtp, encodeRtp, isRtcpInMux, type RtpPacket, rtpPayloadBounds } from "./rtp-packet.ts";

describe("RTP packet codec (RFC 3550 §5.1)", () => {
  it("decodes golden bytes: PCMU, marker, seq, timestamp, SSRC", () => {
    const bytes = Buffer.from("80806b4c000003201234abcd" + "ff".repeat(160), "hex");
    const p = decodeRtp(bytes);
    assert.equal(p.marker, true);
    assert.equal(p.payloadType, 0);
    assert.equal(p.sequenceNumber, 0x6b4c);
    assert.equal(p.timestamp, 800);
    assert.equal(p.ssrc, 0x1234abcd);
    assert.equal(p.payload.length, 160);
    assert.deepEqual(encodeRtp(p), bytes);
  });

  it("decodes CSRCs, a one-byte-header extension and padding", () => {
    // V=2 P=1 X=1 CC=2, PT=8, two CSRCs, extension 0xBEDE of 1 word, 4 payload octets, 4 padding.
    const hex =
      "b2080001" +
      "00000002" +
      "00000003" +
      "11111111" +
      "22222222" +
      "bede0001" +
      "10ff0000" +
      "d5d5d5d5" +
      "00000004";
    const p = decodeRtp(Buffer.from(hex, "hex"));
    assert.deepEqual(p.csrcs, [0x11111111, 0x22222222]);
    assert.equal(p.extension?.profile, 0xbede);
    assert.deepEqual([...p.extension!.data], [0x10, 0xff, 0, 0]);
    assert.deepEqual([...p.payload], [0xd5, 0xd5, 0xd5, 0xd5]);
    assert.equal(p.paddingLength, 4);
    assert.deepEqual(rtpPayloadBounds(Buffer.from(hex, "hex")), [28, 32]);
    assert.equal(encodeRtp(p).toString("hex"), hex);
  });

  it("rejects short, wrong-version and inconsistent packets with ParseError", () => {
    const bad = [
      "8000",
      "400000000000000000000000",
      "8f0000000000000000000000", // 15 CSRCs announced, none present
      "900000000000000000000000", // extension announced, absent
      "a00000000000000000000000", // padding count 0
      "a000000000000000000000ff", // padding longer than the packet
    ];
    for (const hex of bad) assert.throws(() => decodeRtp(Buffer.from(hex, "hex")), ParseError, hex);
  });

  it("tells muxed RTCP (PT 192-223) from RTP (RFC 5761 §4)", () => {
    assert.equal(isRtcpInMux(Buffer.from("80c8000600000001", "hex")), true);
    assert.equal(isRtcpInMux(Buffer.from("80080001000000000000000a", "hex")), false);
  });

  const packet: fc.Arbitrary<RtpPacket> = fc.record({
    marker: fc.boolean(),
    payloadType: fc.integer({ min: 0, max: 127 }),
    sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
    timestamp: fc.integer({ min: 0, max: 0xffffffff }),
    ssrc: fc.integer({ min: 0, max: 0xffffffff }),
    csrcs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
    payload: fc.uint8Array({ maxLength: 200 }),
    paddingLength: fc.integer({ min: 0, max: 255 }),
  });

  it("property: decode(encode(p)) = p", () => {
    fc.assert(
      fc.property(
        packet,
        fc.option(fc.uint8Array({ maxLength: 5 }).map((d) => new Uint8Array(d.length * 4))),
        (p, ext) => {
          const withExt: RtpPacket = ext ? { ...p, extension: { profile: 0x1000, data: ext } } : p;
          const d = decodeRtp(encodeRtp(withExt));
          assert.deepEqual(
            { ...d, payload: [...d.payload], extension: d.extension && [...d.extension.data] },
            {
              ...withExt,
              payload: [...withExt.payload],
              extension: withExt.extension && [...withExt.extension.data],
            },
          );
        },
      ),
      { seed: 3550, numRuns: 300 },
    );
  });

  it("property: arbitrary bytes decode or throw ParseError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        try {
          const p = decodeRtp(b);
          assert.ok(p.payload.length <= b.length);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
        }
      }),
      { seed: 3550, numRuns: 500 },
    );
  });
});
