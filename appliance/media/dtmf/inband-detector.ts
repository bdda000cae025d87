// In-band DTMF detection (the fallback when a peer sends tones in the audio instead of RFC 4733
// events): eight Goertzel filters over 205-sample windows of 8 kHz linear PCM, hopped every
// 80 samples (10 ms). A window is a hit for a key when
//   - the strongest row and column tones are both above a level floor,
//   - twist is bounded (ITU-T Q.24: column at most 8 dB weaker, 4 dB stronger than the row),
//   - each peak stands clear of the other tones of its group (relative-peak check),
//   - the second harmonics of both tones are weak (speech and music are rich in harmonics),
//   - the two tones carry most of the window's energy (talk-off: speech and chords spread it).
// A digit is reported once it has been the hit of consecutive windows spanning ≥ 40 ms, and a
// new digit (even the same key) needs a pause of ≥ 30 ms without hits first.
import { GoertzelBank } from "../goertzel.ts";

const ROWS = [697, 770, 852, 941] as const;
const COLS = [1209, 1336, 1477, 1633] as const;
const KEYS = ["123A", "456B", "789C", "*0#D"] as const;

export interface InbandDtmfOptions {
  /** Minimum peak amplitude of each tone (16-bit scale); default 400 (≈ -38 dBm0). */
  minAmplitude?: number;
  /** Normal twist (row stronger), dB; default 8. */
  maxTwistDb?: number;
  /** Reverse twist (column stronger), dB; default 4. */
  maxReverseTwistDb?: number;
  /** The peak must exceed every other tone of its group by this many dB; default 8. */
  relativePeakDb?: number;
  /** Share of the window's energy the two tones must carry; default 0.7. */
  minEnergyShare?: number;
  /** Minimum tone on-time, ms; default 40. */
  minOnMs?: number;
  /** Minimum pause between digits, ms; default 30. */
  minOffMs?: number;
}

export interface InbandDigit {
  digit: string;
  /** Sample index (from the first sample fed) where the detection window started. */
  atSample: number;
}

const WINDOW = 205;
const HOP = 80;
const RATE = 8000;

const dbRatio = (db: number) => 10 ** (db / 20);

export class InbandDtmfDetector {
  private readonly bank = new GoertzelBank([...ROWS, ...COLS]);
  private readonly harmonics = new GoertzelBank([...ROWS, ...COLS].map((f) => 2 * f));
  private readonly buf = new Float64Array(WINDOW);
  private filled = 0;
  private sinceHop = HOP - 1; // the first full window is classified at once
  private consumed = 0;
  private candidate: string | undefined;
  private candidateHits = 0;
  private candidateStart = 0;
  private reported = false;
  private misses = 0;
  private armed = true;
  private readonly onHits: number;
  private readonly offMisses: number;
  private readonly o: Required<InbandDtmfOptions>;

  constructor(opts: InbandDtmfOptions = {}) {
    this.o = {
      minAmplitude: opts.minAmplitude ?? 400,
      maxTwistDb: opts.maxTwistDb ?? 8,
      maxReverseTwistDb: opts.maxReverseTwistDb ?? 4,
      relativePeakDb: opts.relativePeakDb ?? 8,
      minEnergyShare: opts.minEnergyShare ?? 0.7,
      minOnMs: opts.minOnMs ?? 40,
      minOffMs: opts.minOffMs ?? 30,
    };
    // A tone of the minimum on-time always covers this many consecutive hopped windows; partly
    // covered windows still pass the energy-share check, so shorter blips rarely reach it.
    const onSamples = (this.o.minOnMs * RATE) / 1000;
    this.onHits = Math.max(2, Math.floor((onSamples - WINDOW) / HOP) + 1);
    this.offMisses = Math.max(1, Math.ceil((this.o.minOffMs * RATE) / 1000 / HOP));
  }

  /** Feeds linear 8 kHz samples (any block size); returns the digits completed in them. */
  push(samples: ArrayLike<number>): InbandDigit[] {
    const out: InbandDigit[] = [];
    for (let i = 0; i < samples.length; i++) {
      if (this.filled < WINDOW) {
        this.buf[this.filled++] = samples[i]!;
      } else {
        this.buf.copyWithin(0, 1);
        this.buf[WINDOW - 1] = samples[i]!;
      }
      this.consumed++;
      if (this.filled === WINDOW && ++this.sinceHop >= HOP) {
        this.sinceHop = 0;
        this.step(this.classify(), out);
      }
    }
    return out;
  }

  /** Classifies the current window: the key it holds, or undefined. */
  private classify(): string | undefined {
    const w = this.buf;
    const amps = this.bank.amplitudes(w);
    const rows = amps.slice(0, 4);
    const cols = amps.slice(4);
    const r = argmax(rows);
    const c = argmax(cols);
    const ra = rows[r]!;
    const ca = cols[c]!;
    const o = this.o;
    if (ra < o.minAmplitude || ca < o.minAmplitude) return undefined;
    // Twist: ITU-T Q.24 limits on the level difference between the two tones.
    if (ra > ca * dbRatio(o.maxTwistDb) || ca > ra * dbRatio(o.maxReverseTwistDb)) return undefined;
    const peak = dbRatio(o.relativePeakDb);
    for (let i = 0; i < 4; i++) {
      if (i !== r && rows[i]! * peak > ra) return undefined;
      if (i !== c && cols[i]! * peak > ca) return undefined;
    }
    const h = this.harmonics.amplitudes(w);
    if (h[r]! > ra * 0.25 || h[4 + c]! > ca * 0.25) return undefined;
    let energy = 0;
    for (let i = 0; i < WINDOW; i++) energy += w[i]! * w[i]!;
    energy /= WINDOW;
    // A sinusoid of peak amplitude A has mean power A²/2.
    const tonePower = (ra * ra + ca * ca) / 2;
    if (energy <= 0 || tonePower / energy < o.minEnergyShare) return undefined;
    return KEYS[r]![c];
  }

  private step(hit: string | undefined, out: InbandDigit[]): void {
    if (hit === undefined) {
      this.misses++;
      if (this.misses >= this.offMisses) {
        this.armed = true;
        this.candidate = undefined;
        this.candidateHits = 0;
        this.reported = false;
      }
      return;
    }
    this.misses = 0;
    if (hit !== this.candidate) {
      // A different key without a pause: restart counting, but only report if re-armed.
      this.candidate = hit;
      this.candidateHits = 0;
      this.candidateStart = this.consumed - WINDOW;
      this.reported = false;
    }
    this.candidateHits++;
    if (!this.reported && this.armed && this.candidateHits >= this.onHits) {
      this.reported = true;
      this.armed = false;
      out.push({ digit: hit, atSample: this.candidateStart });
    }
  }
}

function argmax(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}

/** The two frequencies of a DTMF key (for tone generation in tests and senders). */
export function dtmfFrequencies(digit: string): readonly [number, number] | undefined {
  const d = digit.toUpperCase();
  for (let r = 0; r < 4; r++) {
    const c = KEYS[r]!.indexOf(d);
    if (c >= 0 && d.length === 1) return [ROWS[r]!, COLS[c]!];
  }
  return undefined;
}
