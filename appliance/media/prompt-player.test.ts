import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Clock, ManualClock, SeededRandom, type TimerHandle } from "../base/index.ts";
import { g711Decode } from "./g711.ts";
import { goertzelAmplitude } from "./goertzel.ts";
import { PacedTicker } from "./paced-ticker.ts";
import { type PlayerFrame, PromptPlayer } from "./prompt-player.ts";
import { toneSamples } from "./tone.ts";
import { encodeWavPcm16, parseWav } from "./wav.ts";

/** A ManualClock whose timers fire `lateMs` after they are due, like a busy event loop. */
class LateClock implements Clock {
  constructor(
    readonly inner: ManualClock,
    private readonly lateMs: () => number,
  ) {}
  now(): number {
    return this.inner.now();
  }
  wallTime(): Date {
    return this.inner.wallTime();
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.inner.setTimeout(fn, ms + this.lateMs());
  }
  clearTimeout(h: TimerHandle | undefined): void {
    this.inner.clearTimeout(h);
  }
}

describe("PacedTicker: absolute scheduling", () => {
  it("does not drift when every timer fires late (chained delays would)", () => {
    const inner = new ManualClock();
    const clock = new LateClock(inner, () => 3);
    const fired: number[] = [];
    const t = new PacedTicker({ clock, periodMs: 20, onTick: () => fired.push(inner.now()) });
    t.start();
    inner.advance(20 * 100 + 5);
    t.stop();
    // 3 ms lateness per tick would add up to 300 ms when chaining 20 ms delays; here the tick k
    // fires at 20k + 3 at most, and there are exactly 101 ticks (0…100) in 2005 ms.
    assert.equal(fired.length, 101);
    for (const [k, at] of fired.entries()) assert.ok(at - 20 * k <= 3 && at >= 20 * k, `tick ${k} at ${at}`);
    assert.equal(inner.pending, 0, "stop clears its timer");
  });

  it("after a long stall skips the missed ticks instead of bursting them, and keeps counting", () => {
    const inner = new ManualClock();
    let stall = 0;
    const clock = new LateClock(inner, () => stall);
    const idx: number[] = [];
    const t = new PacedTicker({ clock, periodMs: 20, maxLateTicks: 2, onTick: (i) => idx.push(i) });
    t.start();
    inner.advance(40); // ticks 0, 1, 2
    stall = 500;
    inner.advance(20); // the next timer now fires at 40 + 500
    stall = 0;
    inner.advance(600);
    t.stop();
    assert.deepEqual(idx.slice(0, 3), [0, 1, 2]);
    // At 540 ms tick 27 is due: 24 missed ticks, of which 2 are fired late and the rest skipped.
    assert.ok(t.skipped > 20);
    assert.equal(idx.at(-1), 33, "the index follows real time (660 ms / 20)");
    for (let i = 1; i < idx.length; i++) assert.ok(idx[i]! > idx[i - 1]!);
  });
});

describe("PromptPlayer", () => {
  it("sends 20 ms packets of 160 samples, timestamps +160, sequence +1, marker first", () => {
    const clock = new ManualClock();
    const frames: PlayerFrame[] = [];
    const samples = parseWav(
      encodeWavPcm16(toneSamples({ frequencies: [425], amplitude: 8000 }, 8000)),
    ).samples;
    const p = new PromptPlayer({
      clock,
      random: new SeededRandom(1),
      law: "PCMU",
      samples,
      loop: true,
      sink: (f) => frames.push(f),
    });
    p.start();
    clock.advance(2000);
    p.stop();
    assert.equal(frames.length, 101);
    for (let i = 1; i < frames.length; i++) {
      assert.equal((frames[i]!.timestamp - frames[i - 1]!.timestamp) >>> 0, 160);
      assert.equal((frames[i]!.sequenceNumber - frames[i - 1]!.sequenceNumber) & 0xffff, 1);
      assert.equal(frames[i]!.ssrc, frames[0]!.ssrc);
      assert.equal(frames[i]!.marker, false);
      assert.equal(frames[i]!.payload.length, 160);
    }
    assert.equal(frames[0]!.marker, true);
    const audio = g711Decode("PCMU", frames[50]!.payload);
    assert.ok(goertzelAmplitude(audio, 425) > 7000, "the prompt's tone comes out");
  });

  it("loops a short prompt seamlessly, or ends once with a silent tail", () => {
    const clock = new ManualClock();
    const samples = toneSamples({ frequencies: [1000], amplitude: 4000 }, 400); // 2.5 frames
    const looped: PlayerFrame[] = [];
    const loop = new PromptPlayer({
      clock,
      random: new SeededRandom(2),
      law: "PCMA",
      samples,
      loop: true,
      sink: (f) => looped.push(f),
    });
    loop.start();
    const once: PlayerFrame[] = [];
    let ended = 0;
    const single = new PromptPlayer({
      clock,
      random: new SeededRandom(3),
      law: "PCMA",
      samples,
      sink: (f) => once.push(f),
    });
    single.on("ended", () => ended++);
    single.start();
    clock.advance(200);
    loop.stop();
    assert.equal(looped.length, 11);
    assert.equal(once.length, 3);
    assert.equal(ended, 1);
    const tail = g711Decode("PCMA", once[2]!.payload);
    assert.ok(
      tail.subarray(80).every((s) => Math.abs(s) <= 8),
      "padded with silence",
    );
    const wrapped = g711Decode("PCMA", looped[2]!.payload);
    assert.ok(Math.abs(wrapped[100]!) > 0 || Math.abs(wrapped[120]!) > 0, "loop restarts inside the frame");
    assert.equal(clock.pending, 0);
  });
});
