// Receive statistics for one RTP stream: RFC 3550 §A.1 sequence tracking, §A.3 loss and §A.8
// interarrival jitter.

const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;
const RTP_SEQ_MOD = 0x10000;

export interface StreamStatsSnapshot {
  packets: number;
  bytes: number;
  /** RFC 3550 §A.3: extended highest sequence − base + 1. */
  expected: number;
  /** RFC 3550 §A.3: expected − received, floored at 0 (duplicates can make it negative). */
  lost: number;
  /** Loss since the previous snapshot, as the 8-bit fraction of §6.4.1 divided by 256. */
  fractionLost: number;
  /** RFC 3550 §A.8 interarrival jitter, in milliseconds. */
  jitterMs: number;
}

export class RtpStreamStats {
  private initialised = false;
  private baseSeq = 0;
  private maxSeq = 0;
  private cycles = 0;
  private badSeq = RTP_SEQ_MOD + 1;
  private received = 0;
  private bytes = 0;
  private transit = 0;
  private jitter = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;

  constructor(private readonly clockRate = 8000) {}

  /** Feeds one received packet; arrivalMs is the receiver's clock. */
  update(seq: number, rtpTimestamp: number, arrivalMs: number, payloadBytes: number): void {
    if (!this.initialised) {
      this.init(seq);
      this.initialised = true;
    } else {
      // RFC 3550 §A.1 update_seq.
      const udelta = (seq - this.maxSeq + RTP_SEQ_MOD) % RTP_SEQ_MOD;
      if (udelta < MAX_DROPOUT) {
        if (seq < this.maxSeq) this.cycles += RTP_SEQ_MOD;
        this.maxSeq = seq;
      } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
        // A very large jump: restart only if the next packet confirms it (§A.1).
        if (seq === this.badSeq) {
          this.init(seq);
        } else {
          this.badSeq = (seq + 1) & (RTP_SEQ_MOD - 1);
          return;
        }
      }
      // else: duplicate or reordered, counted below.
    }
    this.received++;
    this.bytes += payloadBytes;
    // RFC 3550 §A.8: J += (|D(i−1,i)| − J) / 16, in timestamp units.
    const arrival = (arrivalMs * this.clockRate) / 1000;
    const transit = arrival - rtpTimestamp;
    if (this.received > 1) {
      let d = transit - this.transit;
      // Timestamps wrap at 2^32: fold the difference back into range.
      if (d > 2 ** 31) d -= 2 ** 32;
      else if (d < -(2 ** 31)) d += 2 ** 32;
      this.jitter += (Math.abs(d) - this.jitter) / 16;
    }
    this.transit = transit;
  }

  private init(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = RTP_SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
    this.expectedPrior = 0;
    this.receivedPrior = 0;
  }

  snapshot(): StreamStatsSnapshot {
    const expected = this.initialised ? this.cycles + this.maxSeq - this.baseSeq + 1 : 0;
    // RFC 3550 §A.3 fraction lost over the interval since the last report.
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.received - this.receivedPrior;
    const lostInterval = expectedInterval - receivedInterval;
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const fraction =
      expectedInterval === 0 || lostInterval <= 0
        ? 0
        : Math.floor((lostInterval * 256) / expectedInterval) / 256;
    return {
      packets: this.received,
      bytes: this.bytes,
      expected,
      lost: Math.max(0, expected - this.received),
      fractionLost: fraction,
      jitterMs: (this.jitter * 1000) / this.clockRate,
    };
  }
}
