import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JitterBuffer } from "./jitter-buffer.ts";

function drain(jb: JitterBuffer<number>, ticks: number): Array<number | undefined> {
  return Array.from({ length: ticks }, () => jb.pop());
}

describe("JitterBuffer", () => {
  it("waits for targetFrames, then plays in sequence order despite reordering", () => {
    const jb = new JitterBuffer<number>({ targetFrames: 2 });
    jb.push(100, 100);
    assert.equal(jb.pop(), undefined, "still buffering");
    jb.push(102, 102);
    jb.push(101, 101);
    jb.push(103, 103);
    assert.deepEqual(drain(jb, 4), [100, 101, 102, 103]);
    assert.equal(jb.stats.played, 4);
  });

  it("reports a missing frame as undefined and drops it if it comes too late", () => {
    const jb = new JitterBuffer<number>({ targetFrames: 2 });
    for (const s of [1, 2, 4]) jb.push(s, s);
    assert.deepEqual(drain(jb, 3), [1, 2, undefined]);
    jb.push(3, 3);
    assert.equal(jb.stats.late, 1);
    assert.equal(jb.pop(), 4);
    assert.equal(jb.stats.missing, 1);
  });

  it("ignores duplicates and wraps at 65535", () => {
    const jb = new JitterBuffer<number>({ targetFrames: 2 });
    for (const s of [65534, 65535, 65535, 0, 1]) jb.push(s, s);
    assert.equal(jb.stats.duplicate, 1);
    assert.deepEqual(drain(jb, 4), [65534, 65535, 0, 1]);
  });

  it("bounds the delay: a burst beyond maxFrames drops the oldest", () => {
    const jb = new JitterBuffer<number>({ targetFrames: 2, maxFrames: 4 });
    for (let s = 0; s < 10; s++) jb.push(s, s);
    assert.ok(jb.depth <= 4);
    assert.equal(jb.pop(), 6);
    assert.equal(jb.stats.overflow, 6);
  });

  it("re-buffers after the source stops, and restarts on a sequence jump", () => {
    const jb = new JitterBuffer<number>({ targetFrames: 2, underrunFrames: 3 });
    jb.push(1, 1);
    jb.push(2, 2);
    assert.deepEqual(drain(jb, 5), [1, 2, undefined, undefined, undefined]);
    jb.push(5000, 5000);
    assert.equal(jb.pop(), undefined, "buffering again");
    jb.push(5001, 5001);
    assert.deepEqual(drain(jb, 2), [5000, 5001]);
  });
});
