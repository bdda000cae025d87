import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RtpStreamStats } from "./stream-stats.ts";

describe("RtpStreamStats (RFC 3550 §A.1, §A.3, §A.8)", () => {
  it("a perfectly paced stream: no loss, zero jitter", () => {
    const s = new RtpStreamStats();
    for (let i = 0; i < 100; i++) s.update((65500 + i) & 0xffff, i * 160, i * 20, 160);
    const snap = s.snapshot();
    assert.equal(snap.packets, 100);
    assert.equal(snap.expected, 100, "sequence wrap is counted as a cycle");
    assert.equal(snap.lost, 0);
    assert.equal(snap.jitterMs, 0);
    assert.equal(snap.bytes, 16000);
  });

  it("counts loss and the fraction lost per interval", () => {
    const s = new RtpStreamStats();
    for (let i = 0; i < 100; i++) if (i % 10 !== 5) s.update(i, i * 160, i * 20, 160);
    const first = s.snapshot();
    assert.equal(first.lost, 10);
    assert.equal(first.fractionLost, Math.floor((10 * 256) / 100) / 256);
    for (let i = 100; i < 150; i++) s.update(i, i * 160, i * 20, 160);
    assert.equal(s.snapshot().fractionLost, 0, "no loss in the second interval");
  });

  it("jitter converges to the mean deviation of alternating ±4 ms arrivals", () => {
    const s = new RtpStreamStats();
    for (let i = 0; i < 2000; i++) s.update(i, i * 160, i * 20 + (i % 2 ? 4 : 0), 160);
    // |D| is 4 ms on every packet, so J → 4 ms.
    assert.ok(Math.abs(s.snapshot().jitterMs - 4) < 0.01);
  });

  it("ignores a single wild sequence number but follows a confirmed restart", () => {
    const s = new RtpStreamStats();
    for (let i = 0; i < 10; i++) s.update(i, i * 160, i * 20, 160);
    s.update(40000, 0, 200, 160);
    assert.equal(s.snapshot().packets, 10);
    s.update(40001, 160, 220, 160);
    assert.equal(s.snapshot().packets, 1, "§A.1: two in-order packets after a jump restart the count");
  });
});
