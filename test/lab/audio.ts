// Audio analysis for call tests: loudness (RMS) and the dominant frequency of a recording, computed
// in TypeScript (Goertzel) so the result does not depend on parsing a tool's text output.
import { readWav, type Wav } from "./wav.ts";

export interface AnalysisWindow {
  /** Seconds to skip at the start (call setup, jitter buffer fill). */
  readonly skipSeconds?: number;
  /** Seconds to analyse from there (default: up to 2 s of the loud part). */
  readonly seconds?: number;
}

/** Root mean square of the samples, 0 (silence) … ~0.707 (full-scale sine). */
export function rmsOf(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

/** Power of one frequency in the block (Goertzel), normalised by block length. */
export function goertzelPower(samples: Float32Array, sampleRate: number, freq: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * freq) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return power / (samples.length * samples.length);
}

/** The non-silent part between `skipSeconds` and `untilSeconds`, in 20 ms frames louder than `floor`. */
export function loudPart(wav: Wav, skipSeconds = 0, floor = 0.01, untilSeconds?: number): Float32Array {
  const frame = Math.max(1, Math.round(wav.sampleRate * 0.02));
  const start = Math.round(skipSeconds * wav.sampleRate);
  const end =
    untilSeconds === undefined
      ? wav.samples.length
      : Math.min(wav.samples.length, Math.round(untilSeconds * wav.sampleRate));
  const kept: number[] = [];
  for (let at = start; at + frame <= end; at += frame) {
    const block = wav.samples.subarray(at, at + frame);
    if (rmsOf(block) >= floor) for (const s of block) kept.push(s);
  }
  return Float32Array.from(kept);
}

export function rms(path: string, window: AnalysisWindow = {}): number {
  const wav = readWav(path);
  return rmsOf(wav.samples.subarray(Math.round((window.skipSeconds ?? 0) * wav.sampleRate)));
}

export function isSilent(path: string, threshold = 0.01, window: AnalysisWindow = {}): boolean {
  return rms(path, window) < threshold;
}

/**
 * The strongest frequency (Hz) in the loud part of the recording: a coarse 10 Hz scan from 50 Hz to
 * just under Nyquist, refined to 1 Hz around the peak. Undefined if the recording is silent.
 */
export function dominantFrequency(path: string, window: AnalysisWindow = {}): number | undefined {
  const wav = readWav(path);
  const skip = window.skipSeconds ?? 0;
  const loud = loudPart(wav, skip, 0.01, window.seconds === undefined ? undefined : skip + window.seconds);
  // At most 2 s of audio: enough resolution, bounded cost.
  const block = loud.subarray(0, Math.min(loud.length, wav.sampleRate * Math.min(2, window.seconds ?? 2)));
  if (block.length < wav.sampleRate * 0.1) return undefined;
  const scan = (from: number, to: number, step: number): number => {
    let best = from;
    let bestPower = -1;
    for (let f = from; f <= to; f += step) {
      const p = goertzelPower(block, wav.sampleRate, f);
      if (p > bestPower) {
        bestPower = p;
        best = f;
      }
    }
    return best;
  };
  const coarse = scan(50, wav.sampleRate / 2 - 50, 10);
  return scan(Math.max(1, coarse - 10), coarse + 10, 1);
}
