// Tone synthesis (sums of sinusoids at 8 kHz): ringback, busy, test tones for the mixer tests.

export interface ToneSpec {
  /** Frequencies in Hz, summed. */
  frequencies: readonly number[];
  /** Peak amplitude per frequency (16-bit linear). */
  amplitude: number;
  sampleRate?: number;
}

/** Generates consecutive blocks of a continuous tone (phase carries across blocks). */
export class ToneGenerator {
  private sampleIndex = 0;
  private readonly rate: number;

  constructor(private readonly spec: ToneSpec) {
    this.rate = spec.sampleRate ?? 8000;
  }

  next(count: number): Int16Array {
    const out = new Int16Array(count);
    for (let i = 0; i < count; i++) {
      const t = (this.sampleIndex + i) / this.rate;
      let v = 0;
      for (const f of this.spec.frequencies) v += Math.sin(2 * Math.PI * f * t);
      out[i] = Math.max(-32768, Math.min(32767, Math.round(v * this.spec.amplitude)));
    }
    this.sampleIndex += count;
    return out;
  }
}

/** count samples of a tone, in one call. */
export function toneSamples(spec: ToneSpec, count: number): Int16Array {
  return new ToneGenerator(spec).next(count);
}
