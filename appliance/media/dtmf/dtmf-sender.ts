// Sends DTMF digits as RFC 4733 telephone-events (§2.5.1.2): a first packet with the M bit,
// updates every 50 ms carrying the growing duration, then three end packets with the E bit,
// all with the event's start timestamp. Digits queue and are sent one after the other with a
// pause between them. Driven by the injected Clock; the sink puts the packets into RTP.
import { type Clock, type TimerHandle, TypedEmitter } from "../../base/index.ts";
import { dtmfEventCode, encodeTelephoneEvent, MAX_EVENT_DURATION } from "./telephone-event.ts";

export interface DtmfRtpOutput {
  /** RFC 4733 §2.5.1.2: set on the first packet of an event only. */
  marker: boolean;
  timestamp: number;
  /** The caller assigns the RTP sequence number (one stream with the audio). */
  payload: Uint8Array;
}

export interface DtmfSenderOptions {
  clock: Clock;
  sink: (pkt: DtmfRtpOutput) => void;
  /** The RTP timestamp of "now" in the outgoing audio stream (the event starts there). */
  timestampNow: () => number;
  /** Default digit length (ms); default 100. */
  durationMs?: number;
  /** Pause after each digit (ms); default 60. */
  gapMs?: number;
  /** Update interval (ms); RFC 4733 §2.5.1.2 suggests 50 ms. */
  updateMs?: number;
  /** Clock rate of the telephone-event payload type (8000 for PCMU/PCMA calls). */
  clockRate?: number;
  /** Volume field (0..63, -dBm0); default 10. */
  volume?: number;
}

export interface DtmfSenderEvents {
  /** A digit's end packets were all sent. */
  sent: string;
  /** The queue emptied. */
  idle: undefined;
}

interface Job {
  event: number;
  digit: string;
  durationMs: number;
}

export class DtmfSender extends TypedEmitter<DtmfSenderEvents> {
  private readonly queue: Job[] = [];
  private timer: TimerHandle | undefined;
  private busy = false;
  private closed = false;

  constructor(private readonly opts: DtmfSenderOptions) {
    super();
  }

  /** Queues digits (`0`-`9`, `*`, `#`, `A`-`D`); throws RangeError for anything else. */
  send(digits: string, durationMs = this.opts.durationMs ?? 100): void {
    if (this.closed) return;
    for (const d of digits) {
      const event = dtmfEventCode(d);
      if (event === undefined) throw new RangeError(`not a DTMF digit: ${JSON.stringify(d)}`);
      this.queue.push({ event, digit: d.toUpperCase(), durationMs });
    }
    if (!this.busy) this.next();
  }

  get pending(): number {
    return this.queue.length + (this.busy ? 1 : 0);
  }

  /** Stops sending (an event in progress is not ended: the far end times it out). Idempotent. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.opts.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private next(): void {
    const job = this.queue.shift();
    if (!job || this.closed) {
      this.busy = false;
      if (!this.closed) this.emit("idle", undefined);
      return;
    }
    this.busy = true;
    const rate = this.opts.clockRate ?? 8000;
    const updateMs = this.opts.updateMs ?? 50;
    const volume = this.opts.volume ?? 10;
    const total = Math.max(1, Math.round((job.durationMs * rate) / 1000));
    let segmentTs = this.opts.timestampNow() >>> 0;
    let segmentStart = 0; // units elapsed when the current segment began
    let elapsedMs = 0;
    let first = true;
    const emit = (durationUnits: number, end: boolean) => {
      const payload = encodeTelephoneEvent({ event: job.event, end, volume, duration: durationUnits });
      this.opts.sink({ marker: first, timestamp: segmentTs, payload });
      first = false;
    };
    const step = () => {
      if (this.closed) return;
      const units = Math.min(total, Math.round((elapsedMs * rate) / 1000));
      if (units - segmentStart > MAX_EVENT_DURATION) {
        // RFC 4733 §2.5.2.3: a segment ends at the maximum duration; the event continues with
        // a new timestamp (old + maximum) and restarts its duration count.
        segmentTs = (segmentTs + MAX_EVENT_DURATION) >>> 0;
        segmentStart += MAX_EVENT_DURATION;
      }
      if (units >= total) {
        // RFC 4733 §2.5.1.4: the final packet is sent three times, same timestamp and duration.
        const d = Math.max(1, units - segmentStart);
        for (let i = 0; i < 3; i++) emit(d, true);
        this.emit("sent", job.digit);
        this.timer = this.opts.clock.setTimeout(() => this.next(), this.opts.gapMs ?? 60);
        return;
      }
      // RFC 4733 §2.5.1.2: the first packet carries duration 0 or the time so far; the M bit marks it.
      emit(units - segmentStart, false);
      elapsedMs += updateMs;
      this.timer = this.opts.clock.setTimeout(step, Math.min(updateMs, job.durationMs));
    };
    step();
  }
}
