import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManualClock, SeededRandom } from "../base/index.ts";
import { ConferenceMixer } from "./conference-mixer.ts";
import { type G711Law, g711Decode, g711Encode } from "./g711.ts";
import { goertzelAmplitude } from "./goertzel.ts";
import { ToneGenerator } from "./tone.ts";

const TONES: Record<string, number> = { alice: 400, bob: 700, carol: 1100 };
const LAW: Record<string, G711Law> = { alice: "PCMU", bob: "PCMA", carol: "PCMU" };

describe("ConferenceMixer (N−1)", () => {
  it("each participant hears the two others' tones and not its own, at a steady 20 ms", () => {
    const clock = new ManualClock();
    const rnd = new SeededRandom(7);
    const mixer = new ConferenceMixer({ clock, jitter: { targetFrames: 3 } });
    const heard: Record<string, Int16Array[]> = { alice: [], bob: [], carol: [] };
    const outTimes: Record<string, number[]> = { alice: [], bob: [], carol: [] };
    const stamps: Record<string, number[]> = { alice: [], bob: [], carol: [] };
    for (const id of Object.keys(TONES)) {
      mixer.add(id, {
        law: LAW[id]!,
        sink: (payload, ts) => {
          heard[id]!.push(g711Decode(LAW[id]!, payload));
          outTimes[id]!.push(clock.now());
          stamps[id]!.push(ts);
        },
      });
    }
    mixer.start();
    // Each input sends 20 ms frames with up to 30 ms of random network jitter (so packets
    // arrive in bursts and out of order); bob's phone also stops for 200 ms mid-call.
    const gens = Object.fromEntries(
      Object.entries(TONES).map(([id, f]) => [id, new ToneGenerator({ frequencies: [f], amplitude: 6000 })]),
    );
    const arrivals: Array<{ at: number; id: string; seq: number; payload: Uint8Array }> = [];
    for (const id of Object.keys(TONES)) {
      for (let k = 0; k < 150; k++) {
        const payload = g711Encode(LAW[id]!, gens[id]!.next(160));
        if (id === "bob" && k >= 60 && k < 70) continue;
        arrivals.push({ at: k * 20 + (rnd.nextU32() % 30), id, seq: k, payload });
      }
    }
    arrivals.sort((x, y) => x.at - y.at);
    for (const a of arrivals) {
      clock.advance(a.at - clock.now());
      mixer.push(a.id, a.seq, a.payload);
    }
    clock.advance(3200 - clock.now());
    mixer.close();

    for (const id of Object.keys(TONES)) {
      // Steady cadence: one frame every 20 ms regardless of input timing, continuous timestamps.
      const times = outTimes[id]!;
      for (let i = 1; i < times.length; i++) assert.equal(times[i]! - times[i - 1]!, 20);
      for (let i = 1; i < stamps[id]!.length; i++) assert.equal(stamps[id]![i]! - stamps[id]![i - 1]!, 160);
      // Analyse a steady stretch (frames 20…50: everyone talking), 1200 samples.
      const block = new Int16Array(160 * 30);
      heard[id]!.slice(20, 50).forEach((f, i) => {
        block.set(f, i * 160);
      });
      for (const [other, f] of Object.entries(TONES)) {
        const amp = goertzelAmplitude(block, f);
        if (other === id) assert.ok(amp < 300, `${id} must not hear itself (${f} Hz at ${amp.toFixed(0)})`);
        else assert.ok(amp > 4500, `${id} hears ${other} (${f} Hz at ${amp.toFixed(0)})`);
      }
    }
  });

  it("saturates instead of wrapping when the sum exceeds 16 bits", () => {
    const clock = new ManualClock();
    const mixer = new ConferenceMixer({ clock, jitter: { targetFrames: 1 } });
    const out: Int16Array[] = [];
    const loud = g711Encode("PCMU", new Int16Array(160).fill(30000));
    for (const id of ["a", "b", "c"])
      mixer.add(id, { law: "PCMU", sink: (p) => id === "a" && out.push(g711Decode("PCMU", p)) });
    for (const id of ["a", "b", "c"]) mixer.push(id, 1, loud);
    mixer.mix();
    assert.ok(
      out[0]!.every((s) => s > 30000),
      "b + c ≈ 60000 clips to the maximum, not negative",
    );
    mixer.remove("b");
    assert.equal(mixer.size, 2);
    mixer.close();
  });
});
