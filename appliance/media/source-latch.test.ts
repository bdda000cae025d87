import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManualClock } from "../base/index.ts";
import { type Endpoint, type LatchReason, SourceLatch } from "./source-latch.ts";

const PT = new Set([0, 101]);

function setup(extra: { natLatching?: boolean; signallingAddress?: string } = {}) {
  const clock = new ManualClock();
  const latched: Array<[Endpoint, LatchReason]> = [];
  const latch = new SourceLatch(clock, { windowMs: 3000, probationPackets: 3 }, (to, why) =>
    latched.push([to, why]),
  );
  latch.expect({ address: "10.0.0.23", port: 7078, payloadTypes: PT, ...extra });
  return { clock, latch, latched };
}

describe("SourceLatch: the safe latching rule", () => {
  it("rule 2: the SDP address latches at once", () => {
    const { latch, latched } = setup();
    assert.deepEqual(latch.target, { address: "10.0.0.23", port: 7078 });
    assert.equal(latch.check("10.0.0.23", 7078, 1, 1, 0), "accept");
    assert.deepEqual(latched, [[{ address: "10.0.0.23", port: 7078 }, "sdp"]]);
  });

  it("rule 4: once latched, nobody else is accepted, even with a perfect stream", () => {
    const { latch } = setup({ natLatching: true });
    latch.check("10.0.0.23", 7078, 1, 1, 0);
    for (let i = 0; i < 10; i++) assert.equal(latch.check("198.51.100.66", 40000, 9, i, 0), "reject");
    assert.deepEqual(latch.target, { address: "10.0.0.23", port: 7078 });
    assert.equal(latch.rejected, 10);
  });

  it("rule 3c: another IP never latches when the leg is not NATed", () => {
    const { latch } = setup();
    for (let i = 0; i < 10; i++) assert.equal(latch.check("198.51.100.66", 40000, 9, i, 0), "reject");
    assert.equal(latch.latched, undefined);
  });

  it("rule 3c: the SDP IP with another port is refused unless the leg is NATed", () => {
    const plain = setup();
    for (let i = 0; i < 5; i++) assert.equal(plain.latch.check("10.0.0.23", 30000, 5, 10 + i, 0), "reject");
    const { latch, latched } = setup({ natLatching: true });
    assert.equal(latch.check("10.0.0.23", 30000, 5, 10, 0), "probation");
    assert.equal(latch.check("10.0.0.23", 30000, 5, 11, 0), "probation");
    assert.equal(latch.check("10.0.0.23", 30000, 5, 12, 0), "accept");
    assert.deepEqual(latched[0], [{ address: "10.0.0.23", port: 30000 }, "probation"]);
  });

  it("rule 3d: probation needs one SSRC and increasing sequence numbers", () => {
    const { latch } = setup({ natLatching: true });
    const src = ["203.0.113.7", 41388] as const;
    // A sprayer that varies SSRC, or replays / jumps sequence numbers, never gets through.
    const attempts: Array<[number, number]> = [
      [1, 1],
      [2, 2],
      [2, 2],
      [2, 500],
      [3, 501],
      [3, 500],
    ];
    for (const [ssrc, seq] of attempts) assert.equal(latch.check(...src, ssrc, seq, 0), "probation");
    assert.equal(latch.latched, undefined);
    // A payload type that was not negotiated is refused outright.
    assert.equal(latch.check(...src, 3, 502, 96), "reject");
  });

  it("rule 3c: with a signalling hint, only the phone's public IP may latch", () => {
    const { latch } = setup({ natLatching: true, signallingAddress: "203.0.113.7" });
    for (let i = 0; i < 5; i++) assert.equal(latch.check("198.51.100.66", 5000, 9, i, 0), "reject");
    for (let i = 0; i < 2; i++) assert.equal(latch.check("203.0.113.7", 41388, 4, i, 0), "probation");
    assert.equal(latch.check("203.0.113.7", 41388, 4, 2, 0), "accept");
    assert.deepEqual(latch.target, { address: "203.0.113.7", port: 41388 });
  });

  it("rule 3b: the NAT window closes; a new SDP address re-opens it, the same one does not", () => {
    const { clock, latch } = setup({ natLatching: true });
    clock.advance(3001);
    for (let i = 0; i < 5; i++) assert.equal(latch.check("203.0.113.7", 41388, 4, i, 0), "reject");
    latch.expect({ address: "10.0.0.23", port: 7078, payloadTypes: PT, natLatching: true });
    assert.equal(latch.check("203.0.113.7", 41388, 4, 10, 0), "reject", "same SDP: window stays closed");
    latch.expect({ address: "10.0.0.24", port: 7078, payloadTypes: PT, natLatching: true });
    for (let i = 20; i < 22; i++) latch.check("203.0.113.7", 41388, 4, i, 0);
    assert.equal(latch.check("203.0.113.7", 41388, 4, 22, 0), "accept");
  });

  it("rule 2 overrides a NAT latch (signalling is authoritative); RTCP follows the latched IP", () => {
    const { latch } = setup({ natLatching: true });
    for (let i = 0; i < 3; i++) latch.check("203.0.113.7", 41388, 4, i, 0);
    assert.equal(latch.latched?.reason, "probation");
    assert.equal(latch.acceptsRtcpFrom("203.0.113.7"), true);
    assert.equal(latch.acceptsRtcpFrom("198.51.100.66"), false);
    assert.equal(latch.check("10.0.0.23", 7078, 4, 5, 0), "accept");
    assert.equal(latch.latched?.reason, "sdp");
  });

  it("the old hold c=0.0.0.0 stops sending but keeps the latch for the resume (RFC 3264 §8.4)", () => {
    const { latch } = setup();
    latch.check("10.0.0.23", 7078, 1, 1, 0);
    latch.expect({ address: "0.0.0.0", port: 7078, payloadTypes: PT });
    assert.equal(latch.target, undefined);
    assert.equal(latch.check("10.0.0.23", 7078, 1, 2, 0), "accept", "the held phone may still send");
    latch.expect({ address: "10.0.0.23", port: 7078, payloadTypes: PT });
    assert.deepEqual(latch.target, { address: "10.0.0.23", port: 7078 });
    assert.equal(latch.latched?.reason, "sdp");
  });

  it("bounds the candidates a spray can create", () => {
    const { latch } = setup({ natLatching: true });
    for (let p = 0; p < 1000; p++) latch.check("198.51.100.66", 10000 + p, p, 1, 0);
    assert.equal(latch.latched, undefined);
    assert.equal(latch.rejected, 1000);
  });
});
