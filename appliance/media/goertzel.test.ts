import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GoertzelBank, goertzelAmplitude } from "./goertzel.ts";
import { toneSamples } from "./tone.ts";

describe("Goertzel detector", () => {
  it("measures the amplitude of a present tone and ignores absent ones", () => {
    const s = toneSamples({ frequencies: [697, 1209], amplitude: 8000 }, 205);
    assert.ok(Math.abs(goertzelAmplitude(s, 697) - 8000) < 800);
    assert.ok(Math.abs(goertzelAmplitude(s, 1209) - 8000) < 800);
    assert.ok(goertzelAmplitude(s, 941) < 800);
    assert.ok(goertzelAmplitude(s, 1477) < 800);
  });

  it("a bank gives the same figures as single filters (DTMF row/column set)", () => {
    const f = [697, 770, 852, 941, 1209, 1336, 1477, 1633];
    const s = toneSamples({ frequencies: [852, 1336], amplitude: 5000 }, 205);
    const amps = new GoertzelBank(f).amplitudes(s);
    for (const [i, freq] of f.entries()) assert.ok(Math.abs(amps[i]! - goertzelAmplitude(s, freq)) < 1e-6);
    const top = [...amps.keys()].sort((a, b) => amps[b]! - amps[a]!).slice(0, 2);
    assert.deepEqual(top.map((i) => f[i]).sort(), [1336, 852]);
    assert.equal(goertzelAmplitude([], 400), 0);
  });
});
