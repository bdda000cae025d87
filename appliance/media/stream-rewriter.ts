// Keeps the stream a leg receives continuous: one SSRC for the whole call, sequence numbers
// without jumps and timestamps that advance with real time, whatever feeds it (the far phone
// before and after a re-INVITE, a new SSRC after a phone restarts its stream, music on hold,
// a prompt). Phones' jitter buffers and some SBCs drop or mishandle a stream whose SSRC or
// sequence jumps, so the relay re-bases each new input "segment" onto the output.
import { seqDelta } from "./sequence.ts";

export interface RewrittenHeader {
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
}

const SAMPLES_PER_MS = 8;
const FRAME_SAMPLES = 160;

export class StreamRewriter {
  private started = false;
  private inSsrc = -1;
  private lastInSeq = 0;
  private lastInTs = 0;
  private seqOffset = 0;
  private tsOffset = 0;
  private lastOutSeq = 0;
  private lastOutTs = 0;
  private lastOutAt = 0;
  private forceNew = false;
  private readonly out: RewrittenHeader = { sequenceNumber: 0, timestamp: 0, marker: false };

  constructor(
    readonly ssrc: number,
    initialSeq = 0,
    initialTs = 0,
  ) {
    this.lastOutSeq = (initialSeq - 1) & 0xffff;
    this.lastOutTs = initialTs >>> 0;
  }

  /** The next packet starts a new segment (source switched by signalling, e.g. hold/resume). */
  resync(): void {
    this.forceNew = true;
  }

  /**
   * Maps an input header to the output one. The returned object is reused by the next call
   * (the relay's hot path allocates nothing).
   */
  map(inSsrc: number, inSeq: number, inTs: number, marker: boolean, nowMs: number): RewrittenHeader {
    const jump =
      this.started && inSsrc === this.inSsrc
        ? Math.abs(seqDelta(this.lastInSeq, inSeq)) > 100 ||
          Math.abs(tsDelta(this.lastInTs, inTs)) > 8000 * 10
        : false;
    let newSegment = false;
    if (!this.started || inSsrc !== this.inSsrc || jump || this.forceNew) {
      // RFC 3550 §5.1: continue the output sequence by one, and advance the timestamp by the
      // wall time since the last packet (at least one frame) so playout timing stays right.
      const outSeq = (this.lastOutSeq + 1) & 0xffff;
      const elapsed = this.started
        ? Math.round(((nowMs - this.lastOutAt) * SAMPLES_PER_MS) / FRAME_SAMPLES)
        : 1;
      const outTs = (this.lastOutTs + Math.max(1, elapsed) * FRAME_SAMPLES) >>> 0;
      this.seqOffset = (outSeq - inSeq) & 0xffff;
      this.tsOffset = (outTs - inTs) >>> 0;
      this.inSsrc = inSsrc;
      this.started = true;
      this.forceNew = false;
      newSegment = true;
    }
    const seq = (inSeq + this.seqOffset) & 0xffff;
    const ts = (inTs + this.tsOffset) >>> 0;
    // Reordered packets keep their place; only newer ones move the high-water mark.
    if (newSegment || seqDelta(this.lastOutSeq, seq) > 0) {
      this.lastOutSeq = seq;
      this.lastOutTs = ts;
      this.lastOutAt = nowMs;
      this.lastInSeq = inSeq;
      this.lastInTs = inTs;
    }
    this.out.sequenceNumber = seq;
    this.out.timestamp = ts;
    // RFC 3551 §4.1: the marker flags the first packet after a discontinuity (talkspurt start).
    this.out.marker = marker || newSegment;
    return this.out;
  }
}

function tsDelta(a: number, b: number): number {
  const d = (b - a) >>> 0;
  return d > 0x80000000 ? d - 0x100000000 : d;
}
