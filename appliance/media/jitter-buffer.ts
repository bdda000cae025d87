// A fixed-delay jitter buffer for 20 ms frames, ordered by RTP sequence number. The consumer
// pops one frame per tick; the buffer holds targetFrames frames before playing (2 × 20 ms ≈
// 40–60 ms of delay depending on the tick phase), so late and reordered packets within that
// window still play in order. No clock is needed: the consumer's tick is the clock.
import { seqDelta } from "./sequence.ts";

export interface JitterBufferOptions {
  /** Frames held before playout starts (and after an underrun). */
  targetFrames?: number;
  /** More than this many frames queued means the sender runs fast or burst: drop the oldest. */
  maxFrames?: number;
  /** Consecutive empty pops after which the stream is considered stopped and re-buffers. */
  underrunFrames?: number;
}

export interface JitterBufferStats {
  pushed: number;
  played: number;
  /** Ticks with no frame while playing (lost or late): the caller conceals them. */
  missing: number;
  late: number;
  duplicate: number;
  overflow: number;
}

export class JitterBuffer<T> {
  private readonly frames = new Map<number, T>();
  private playing = false;
  private nextSeq = 0;
  private highest = 0;
  private empties = 0;
  private readonly target: number;
  private readonly max: number;
  private readonly underrun: number;
  readonly stats: JitterBufferStats = {
    pushed: 0,
    played: 0,
    missing: 0,
    late: 0,
    duplicate: 0,
    overflow: 0,
  };

  constructor(opts: JitterBufferOptions = {}) {
    this.target = opts.targetFrames ?? 2;
    this.max = opts.maxFrames ?? 10;
    this.underrun = opts.underrunFrames ?? 5;
  }

  get depth(): number {
    return this.frames.size;
  }

  push(sequenceNumber: number, frame: T): void {
    const seq = sequenceNumber & 0xffff;
    this.stats.pushed++;
    if (this.frames.size === 0 && !this.playing) {
      this.nextSeq = seq;
      this.highest = seq;
    }
    const ahead = seqDelta(this.nextSeq, seq);
    if (ahead < 0) {
      // Already played (or skipped) that slot.
      this.stats.late++;
      return;
    }
    if (ahead > 1000) {
      // A jump (new source, or a long outage): restart around the new sequence.
      this.reset();
      this.nextSeq = seq;
      this.highest = seq;
    }
    if (this.frames.has(seq)) {
      this.stats.duplicate++;
      return;
    }
    this.frames.set(seq, frame);
    if (seqDelta(this.highest, seq) > 0) this.highest = seq;
    // Too far behind the newest frame: skip the oldest slots so delay stays bounded.
    while (seqDelta(this.nextSeq, this.highest) >= this.max) {
      if (this.frames.delete(this.nextSeq)) this.stats.overflow++;
      this.nextSeq = (this.nextSeq + 1) & 0xffff;
    }
  }

  /** The frame for this tick, or undefined (buffering, or the frame is missing). */
  pop(): T | undefined {
    if (!this.playing) {
      if (this.frames.size === 0 || seqDelta(this.nextSeq, this.highest) + 1 < this.target) return undefined;
      this.playing = true;
    }
    const seq = this.nextSeq;
    const frame = this.frames.get(seq);
    this.nextSeq = (seq + 1) & 0xffff;
    if (frame !== undefined) {
      this.frames.delete(seq);
      this.stats.played++;
      this.empties = 0;
      return frame;
    }
    this.stats.missing++;
    if (this.frames.size === 0 && ++this.empties >= this.underrun) {
      // The source stopped (hold, silence suppression): buffer again when it resumes.
      this.playing = false;
      this.empties = 0;
    }
    return undefined;
  }

  reset(): void {
    this.frames.clear();
    this.playing = false;
    this.empties = 0;
  }
}
