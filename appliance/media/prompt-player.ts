// Plays audio as a paced RTP stream: music on hold and IVR prompts. One packet per 20 ms with
// 160 samples at 8 kHz (RFC 3551 §4.5.14 PCMU/PCMA: 8000 Hz clock, one octet per sample), the
// timestamp advancing by 160 per tick even across skipped ticks (RFC 3550 §5.1: the timestamp
// reflects the sampling instant), looping or stopping at the end of the audio.
import { type Clock, type RandomSource, TypedEmitter } from "../base/index.ts";
import { FRAME_MS, SAMPLES_PER_FRAME } from "./frame.ts";
import { type G711Law, g711Encode } from "./g711.ts";
import { PacedTicker } from "./paced-ticker.ts";

export interface PlayerFrame {
  ssrc: number;
  sequenceNumber: number;
  timestamp: number;
  /** RFC 3551 §4.1: set on the first packet of the stream. */
  marker: boolean;
  /** G.711-encoded, SAMPLES_PER_FRAME octets. */
  payload: Uint8Array;
}

export interface PromptPlayerOptions {
  clock: Clock;
  random: RandomSource;
  law: G711Law;
  /** 8 kHz mono linear samples (from parseWav, or a ToneGenerator). */
  samples: Int16Array;
  loop?: boolean;
  sink: (frame: PlayerFrame) => void;
}

export interface PromptPlayerEvents {
  /** The audio ran out (never fires when looping). */
  ended: undefined;
}

export class PromptPlayer extends TypedEmitter<PromptPlayerEvents> {
  private readonly ticker: PacedTicker;
  private position = 0;
  private seq: number;
  private readonly tsBase: number;
  private readonly ssrc: number;
  private sent = 0;
  private readonly pcm = new Int16Array(SAMPLES_PER_FRAME);

  constructor(private readonly opts: PromptPlayerOptions) {
    super();
    const r = new DataView(opts.random.fill(new Uint8Array(10)).buffer);
    this.ssrc = r.getUint32(0);
    this.seq = r.getUint16(4);
    this.tsBase = r.getUint32(6);
    this.ticker = new PacedTicker({ clock: opts.clock, periodMs: FRAME_MS, onTick: (i) => this.tick(i) });
  }

  get packetsSent(): number {
    return this.sent;
  }

  start(): void {
    this.ticker.start();
  }

  /** Idempotent. */
  stop(): void {
    this.ticker.stop();
  }

  private tick(index: number): void {
    const src = this.opts.samples;
    if (src.length === 0 || (!this.opts.loop && this.position >= src.length)) {
      this.stop();
      this.emit("ended", undefined);
      return;
    }
    for (let i = 0; i < SAMPLES_PER_FRAME; i++) {
      if (this.position >= src.length && this.opts.loop) this.position = 0;
      // Past the end of a non-looping prompt the last frame is padded with silence.
      this.pcm[i] = this.position < src.length ? src[this.position]! : 0;
      this.position++;
    }
    const frame: PlayerFrame = {
      ssrc: this.ssrc,
      sequenceNumber: this.seq,
      timestamp: (this.tsBase + index * SAMPLES_PER_FRAME) >>> 0,
      marker: this.sent === 0,
      payload: g711Encode(this.opts.law, this.pcm),
    };
    this.seq = (this.seq + 1) & 0xffff;
    this.sent++;
    this.opts.sink(frame);
  }
}
