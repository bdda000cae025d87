import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  alawDecodeSample,
  alawEncodeSample,
  g711Decode,
  g711Encode,
  g711Silence,
  g711Transcode,
  ulawDecodeSample,
  ulawEncodeSample,
} from "./g711.ts";
import { goertzelAmplitude } from "./goertzel.ts";
import { toneSamples } from "./tone.ts";

/**
 * Quantisation error bounds (G.711 Tables 1a/2a scaled to 16 bits): one µ-law step (the 14-bit
 * truncation of negative inputs adds up to half a step to the half-step rounding error), and
 * half an A-law step.
 */
const ulawTolerance = (x: number) => (Math.abs(x) + 132) / 16 + 1;
const alawTolerance = (x: number) => Math.max(8, Math.abs(x) / 32) + 1;

describe("G.711 µ-law", () => {
  it("matches the Recommendation's known code points", () => {
    assert.equal(ulawEncodeSample(0), 0xff);
    assert.equal(ulawDecodeSample(0xff), 0);
    assert.equal(ulawDecodeSample(0x7f), 0);
    assert.equal(ulawDecodeSample(0x00), -32124);
    assert.equal(ulawDecodeSample(0x80), 32124);
    assert.equal(ulawEncodeSample(32767), 0x80);
    assert.equal(ulawEncodeSample(-32768), 0x00);
    // Segment boundaries (decoder outputs of G.711 Table 2a, scaled to 16 bits).
    assert.equal(ulawDecodeSample(0xef), 132, "first code of segment 1");
    assert.equal(ulawDecodeSample(0xfe), 8);
    assert.equal(ulawDecodeSample(0x7e), -8);
  });

  it("every code survives decode→encode (0x7F, negative zero, becomes 0xFF)", () => {
    for (let c = 0; c < 256; c++) assert.equal(ulawEncodeSample(ulawDecodeSample(c)), c === 0x7f ? 0xff : c);
  });

  it("property: quantisation error within half a step; encoding is monotonic", () => {
    fc.assert(
      fc.property(fc.integer({ min: -32124, max: 32124 }), (x) => {
        assert.ok(Math.abs(ulawDecodeSample(ulawEncodeSample(x)) - x) <= ulawTolerance(x), `x=${x}`);
        assert.ok(ulawDecodeSample(ulawEncodeSample(x + 1)) >= ulawDecodeSample(ulawEncodeSample(x)));
      }),
      { seed: 711, numRuns: 2000 },
    );
  });
});

describe("G.711 A-law", () => {
  it("matches the Recommendation's known code points", () => {
    assert.equal(alawEncodeSample(0), 0xd5);
    assert.equal(alawDecodeSample(0xd5), 8);
    assert.equal(alawDecodeSample(0x55), -8);
    assert.equal(alawDecodeSample(0xaa), 32256);
    assert.equal(alawDecodeSample(0x2a), -32256);
    assert.equal(alawEncodeSample(32767), 0xaa);
    assert.equal(alawEncodeSample(-32768), 0x2a);
  });

  it("every code survives decode→encode", () => {
    for (let c = 0; c < 256; c++) assert.equal(alawEncodeSample(alawDecodeSample(c)), c);
  });

  it("property: quantisation error within half a step", () => {
    fc.assert(
      fc.property(fc.integer({ min: -32256, max: 32256 }), (x) => {
        assert.ok(Math.abs(alawDecodeSample(alawEncodeSample(x)) - x) <= alawTolerance(x), `x=${x}`);
      }),
      { seed: 711, numRuns: 2000 },
    );
  });
});

describe("G.711 buffers and transcoding", () => {
  it("silence codes decode to (near) zero", () => {
    assert.equal(ulawDecodeSample(g711Silence("PCMU")), 0);
    assert.equal(Math.abs(alawDecodeSample(g711Silence("PCMA"))), 8);
  });

  it("µ-law in, A-law out: the decoded waveform matches the original within G.711 tolerance", () => {
    const tone = toneSamples({ frequencies: [1004], amplitude: 12000 }, 800);
    const ulaw = g711Encode("PCMU", tone);
    const alaw = g711Transcode("PCMU", "PCMA", ulaw);
    const back = g711Decode("PCMA", alaw);
    for (let i = 0; i < tone.length; i++) {
      const x = tone[i]!;
      assert.ok(Math.abs(back[i]! - x) <= ulawTolerance(x) + alawTolerance(x), `sample ${i}`);
    }
    // And the 1004 Hz test tone is still a 1004 Hz tone of the same level.
    const level = goertzelAmplitude(back, 1004);
    assert.ok(Math.abs(level - 12000) < 300, `level ${level}`);
    // A-law back to µ-law is stable after one round.
    const again = g711Transcode("PCMA", "PCMU", alaw);
    assert.deepEqual(g711Transcode("PCMU", "PCMA", again), alaw);
  });

  it("transcoding in place works (the relay reuses the datagram)", () => {
    const buf = g711Encode("PCMU", toneSamples({ frequencies: [440], amplitude: 8000 }, 160));
    const expected = g711Transcode("PCMU", "PCMA", buf);
    g711Transcode("PCMU", "PCMA", buf, buf);
    assert.deepEqual(buf, expected);
  });
});
