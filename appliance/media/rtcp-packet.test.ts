import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ParseError } from "../base/index.ts";
import { decodeRtcpCompound, encodeReport, type ReportBlock } from "./rtcp-packet.ts";

const block: ReportBlock = {
  ssrc: 0xdeadbeef,
  fractionLost: 25,
  cumulativeLost: -3,
  highestSequence: 0x1_0005,
  jitter: 120,
  lastSr: 0x12345678,
  delaySinceLastSr: 65536,
};

function sdes(ssrc: number, cname: string): Buffer {
  const item = Buffer.concat([Buffer.from([1, cname.length]), Buffer.from(cname)]);
  const body = Buffer.concat([Buffer.alloc(4), item, Buffer.from([0])]);
  body.writeUInt32BE(ssrc, 0);
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const head = Buffer.from([0x81, 202, 0, 0]);
  head.writeUInt16BE(padded.length / 4, 2);
  return Buffer.concat([head, padded]);
}

function bye(ssrc: number, reason: string): Buffer {
  const r = Buffer.concat([Buffer.from([reason.length]), Buffer.from(reason)]);
  const body = Buffer.concat([Buffer.alloc(4), r]);
  body.writeUInt32BE(ssrc, 0);
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const head = Buffer.from([0x81, 203, 0, 0]);
  head.writeUInt16BE(padded.length / 4, 2);
  return Buffer.concat([head, padded]);
}

describe("RTCP compound (RFC 3550 §6)", () => {
  it("decodes SR + SDES + BYE as a phone sends at hang-up", () => {
    const sender = {
      ntpSeconds: 3_900_000_000,
      ntpFraction: 2 ** 31,
      rtpTimestamp: 160_000,
      packetCount: 1000,
      octetCount: 160_000,
    };
    const compound = Buffer.concat([
      encodeReport(0x01020304, [block], sender),
      sdes(0x01020304, "alice@192.168.1.50"),
      bye(0x01020304, "bye"),
    ]);
    const packets = decodeRtcpCompound(compound);
    assert.deepEqual(packets, [
      { type: "SR", ssrc: 0x01020304, sender, reports: [block] },
      { type: "SDES", chunks: [{ ssrc: 0x01020304, items: [{ type: 1, text: "alice@192.168.1.50" }] }] },
      { type: "BYE", ssrcs: [0x01020304], reason: "bye" },
    ]);
  });

  it("decodes RR and skips unknown packet types by length", () => {
    const xr = Buffer.from("80cf000100000001", "hex"); // PT 207 (XR), one word
    const packets = decodeRtcpCompound(Buffer.concat([encodeReport(7, [block, { ...block, ssrc: 9 }]), xr]));
    assert.equal(packets[0]!.type, "RR");
    assert.equal(packets[0]!.type === "RR" && packets[0]!.reports[1]!.ssrc, 9);
    assert.deepEqual(packets[1], { type: "other", packetType: 207 });
  });

  it("rejects truncated, mis-versioned and non-SR/RR-first compounds", () => {
    const rr = encodeReport(7, [block]);
    assert.throws(() => decodeRtcpCompound(rr.subarray(0, rr.length - 4)), ParseError);
    assert.throws(() => decodeRtcpCompound(Buffer.from("40c9000100000001", "hex")), ParseError);
    assert.throws(() => decodeRtcpCompound(sdes(1, "x")), ParseError);
    assert.throws(
      () => decodeRtcpCompound(Buffer.from("81c9000100000001", "hex")),
      ParseError,
      "RC=1 but no block",
    );
  });

  it("property: arbitrary bytes decode or throw ParseError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
        try {
          decodeRtcpCompound(b);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
        }
      }),
      { seed: 6, numRuns: 500 },
    );
  });
});
