// N−1 conference mixing for G.711: every 20 ms each participant is sent the sum of everyone
// else's audio (never its own, which would echo back with the network delay). Inputs go through
// a jitter buffer each, so the output cadence stays a steady 20 ms when inputs jitter, burst or
// stop; sums are done in 32-bit and saturated to 16-bit.
import type { Clock } from "../base/index.ts";
import { FRAME_MS, SAMPLES_PER_FRAME } from "./frame.ts";
import { type G711Law, g711Decode, g711Encode } from "./g711.ts";
import { JitterBuffer, type JitterBufferOptions } from "./jitter-buffer.ts";
import { PacedTicker } from "./paced-ticker.ts";

export interface MixerParticipantOptions {
  /** The law this participant sends and wants back. */
  law: G711Law;
  /** Receives this participant's mix: SAMPLES_PER_FRAME octets and a continuous RTP timestamp. */
  sink: (payload: Uint8Array, timestamp: number) => void;
}

interface Participant extends MixerParticipantOptions {
  readonly jitter: JitterBuffer<Int16Array>;
  /** Decoded frame for the current tick, or undefined (silent / missing). */
  current: Int16Array | undefined;
  timestamp: number;
  readonly out: Int16Array;
}

export interface ConferenceMixerOptions {
  clock: Clock;
  jitter?: JitterBufferOptions;
}

export class ConferenceMixer {
  private readonly participants = new Map<string, Participant>();
  private readonly ticker: PacedTicker;
  private readonly sum = new Int32Array(SAMPLES_PER_FRAME);
  private readonly jitterOpts: JitterBufferOptions;
  /** Output frames produced (all participants), for stats. */
  framesOut = 0;

  constructor(opts: ConferenceMixerOptions) {
    this.jitterOpts = opts.jitter ?? { targetFrames: 2 };
    this.ticker = new PacedTicker({ clock: opts.clock, periodMs: FRAME_MS, onTick: () => this.mix() });
  }

  get size(): number {
    return this.participants.size;
  }

  add(id: string, opts: MixerParticipantOptions): void {
    this.participants.set(id, {
      ...opts,
      jitter: new JitterBuffer(this.jitterOpts),
      current: undefined,
      timestamp: 0,
      out: new Int16Array(SAMPLES_PER_FRAME),
    });
  }

  remove(id: string): void {
    this.participants.delete(id);
  }

  /** Feeds one received RTP payload (20 ms of G.711 in the participant's law). */
  push(id: string, sequenceNumber: number, payload: Uint8Array): void {
    const p = this.participants.get(id);
    if (!p || payload.length !== SAMPLES_PER_FRAME) return;
    p.jitter.push(sequenceNumber, g711Decode(p.law, payload));
  }

  start(): void {
    this.ticker.start();
  }

  /** Idempotent. */
  close(): void {
    this.ticker.stop();
    this.participants.clear();
  }

  /** One 20 ms step; public so a caller can drive it without the ticker. */
  mix(): void {
    const sum = this.sum;
    sum.fill(0);
    for (const p of this.participants.values()) {
      p.current = p.jitter.pop();
      if (!p.current) continue;
      for (let i = 0; i < SAMPLES_PER_FRAME; i++) sum[i]! += p.current[i]!;
    }
    for (const p of this.participants.values()) {
      const own = p.current;
      for (let i = 0; i < SAMPLES_PER_FRAME; i++) {
        const v = own ? sum[i]! - own[i]! : sum[i]!;
        // Saturate: with several loud talkers the 16-bit sum would otherwise wrap around.
        p.out[i] = v > 32767 ? 32767 : Math.max(v, -32768);
      }
      p.sink(g711Encode(p.law, p.out), p.timestamp);
      p.timestamp = (p.timestamp + SAMPLES_PER_FRAME) >>> 0;
      this.framesOut++;
    }
  }
}
