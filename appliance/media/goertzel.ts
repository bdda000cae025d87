// The Goertzel algorithm: the power of one frequency in a block of samples, in O(N) with two
// state variables. Used to check the mixer's output and, later, for in-band DTMF detection
// (the eight DTMF frequencies are eight Goertzel filters over 205-sample blocks at 8 kHz).

/** Power of `frequency` in samples (same scale as a squared sample amplitude × N²/4). */
export function goertzelPower(samples: ArrayLike<number>, frequency: number, sampleRate = 8000): number {
  const n = samples.length;
  // Bin-centred coefficient: k need not be an integer for a single-frequency detector.
  const w = (2 * Math.PI * frequency) / sampleRate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = samples[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/**
 * The amplitude of a sinusoid at `frequency` (peak, same unit as the samples): the Goertzel
 * power normalised by the block length, so results are comparable across block sizes.
 */
export function goertzelAmplitude(samples: ArrayLike<number>, frequency: number, sampleRate = 8000): number {
  const n = samples.length;
  if (n === 0) return 0;
  return (2 * Math.sqrt(Math.max(0, goertzelPower(samples, frequency, sampleRate)))) / n;
}

/** Reusable detector for a fixed set of frequencies (DTMF: 697…1633 Hz). */
export class GoertzelBank {
  private readonly coeffs: Float64Array;

  constructor(
    readonly frequencies: readonly number[],
    readonly sampleRate = 8000,
  ) {
    this.coeffs = Float64Array.from(frequencies, (f) => 2 * Math.cos((2 * Math.PI * f) / sampleRate));
  }

  /** Peak amplitude per frequency, in the order given to the constructor. */
  amplitudes(samples: ArrayLike<number>): number[] {
    const n = samples.length;
    return Array.from(this.coeffs, (coeff) => {
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const s0 = samples[i]! + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      const p = s1 * s1 + s2 * s2 - coeff * s1 * s2;
      return n === 0 ? 0 : (2 * Math.sqrt(Math.max(0, p))) / n;
    });
  }
}
