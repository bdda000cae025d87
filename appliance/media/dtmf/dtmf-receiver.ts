// Turns RFC 4733 telephone-event RTP packets into digits, exactly once per event.
//   §2.5.1.3: all packets of one event carry the event's start timestamp; a new timestamp is
//             a new event (so the same digit pressed twice yields two digits).
//   §2.5.1.4: the end packet is sent three times; duplicates and late packets are ignored.
//   §2.5.1.5 / §2.5.2.2: start packets may be lost (any packet of a new timestamp starts the
//             event); end packets may be lost (the event ends when the next event starts or
//             after a timeout without packets).
//   §2.5.2.3: a long event whose duration overflows 16 bits continues under a new timestamp
//             (old timestamp + accumulated duration): that is the same event, not a new digit.
// Reordered packets of an event that already ended, or of an older timestamp, are ignored.
import { type Clock, type TimerHandle, TypedEmitter } from "../../base/index.ts";
import { decodeTelephoneEvent, dtmfDigit } from "./telephone-event.ts";

/** The RTP fields the receiver needs (an RtpPacket satisfies it). */
export interface DtmfRtpInput {
  /** When given, a change of SSRC (a new stream) resets the receiver. */
  ssrc?: number;
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  payload: Uint8Array;
}

export type DtmfEndReason = "end-packet" | "timeout" | "next-event";

export interface DtmfDigitEvent {
  /** `0`-`9`, `*`, `#`, `A`-`D`; undefined for non-DTMF events (event code in `event`). */
  digit: string | undefined;
  event: number;
  /** RTP timestamp of the event's first segment. */
  timestamp: number;
  /** Total duration in timestamp units (known so far when not ended by an end packet). */
  duration: number;
  endedBy: DtmfEndReason;
}

export interface DtmfReceiverEvents {
  /** A new event began (first packet seen for its timestamp). */
  begin: { digit: string | undefined; event: number; timestamp: number };
  /** The event ended: fired exactly once per event. */
  digit: DtmfDigitEvent;
}

export interface DtmfReceiverOptions {
  clock: Clock;
  /** End an event when no packet of it arrives for this long (default 400 ms, 8 update intervals). */
  endTimeoutMs?: number;
  /** How many recent event timestamps to remember for duplicate suppression (default 32). */
  memory?: number;
}

interface ActiveEvent {
  event: number;
  /** Timestamp of the first segment (reported). */
  timestamp: number;
  /** Timestamp of the current segment (§2.5.2.3). */
  segmentTimestamp: number;
  /** Duration accumulated by the previous segments. */
  previousSegments: number;
  segmentDuration: number;
}

const u32 = (x: number) => x >>> 0;
/** Further back than this (≈ 2 min at 8 kHz) is not a late packet but a re-based stream. */
const STREAM_RESTART_UNITS = 1 << 20;
/** Serial-number comparison of 32-bit RTP timestamps: negative when a is before b. */
const tsDelta = (a: number, b: number) => (a - b) | 0;

export class DtmfReceiver extends TypedEmitter<DtmfReceiverEvents> {
  private active: ActiveEvent | undefined;
  private latest: number | undefined;
  private readonly seen: number[] = [];
  private timer: TimerHandle | undefined;
  private closed = false;
  private ssrc: number | undefined;
  private readonly endTimeoutMs: number;
  private readonly memory: number;

  constructor(private readonly opts: DtmfReceiverOptions) {
    super();
    this.endTimeoutMs = opts.endTimeoutMs ?? 400;
    this.memory = opts.memory ?? 32;
  }

  /** Feeds one telephone-event RTP packet (payload type already matched by the caller). */
  receive(pkt: DtmfRtpInput): void {
    if (this.closed) return;
    let ev: ReturnType<typeof decodeTelephoneEvent>;
    try {
      ev = decodeTelephoneEvent(pkt.payload);
    } catch {
      return; // a malformed packet carries no event: drop it
    }
    const ts = u32(pkt.timestamp);
    // A new stream (SSRC change, or a timestamp far behind: a re-based sender) starts afresh.
    const restarted =
      (pkt.ssrc !== undefined && this.ssrc !== undefined && pkt.ssrc !== this.ssrc) ||
      (this.latest !== undefined && tsDelta(ts, this.latest) < -STREAM_RESTART_UNITS);
    if (pkt.ssrc !== undefined) this.ssrc = pkt.ssrc;
    if (restarted) {
      if (this.active) this.finish("next-event");
      this.latest = undefined;
      this.seen.length = 0;
    }
    const a = this.active;
    if (a && ts === a.segmentTimestamp) {
      if (ev.event !== a.event) return;
      // §2.5.1.3: updates carry the duration so far; keep the largest (reordering).
      a.segmentDuration = Math.max(a.segmentDuration, ev.duration);
      if (ev.end) this.finish("end-packet");
      else this.armTimer();
      return;
    }
    if (this.seen.includes(ts)) return; // §2.5.1.4: a redundant end packet of an ended event
    if (this.latest !== undefined && tsDelta(ts, this.latest) < 0) return; // older than the newest event
    if (a && ev.event === a.event && this.isContinuation(a, ts)) {
      // §2.5.2.3: the long event goes on under a new timestamp.
      a.previousSegments += u32(ts - a.segmentTimestamp); // the old segment spans up to the new timestamp
      a.segmentTimestamp = ts;
      a.segmentDuration = ev.duration;
      this.remember(ts);
      if (ev.end) this.finish("end-packet");
      else this.armTimer();
      return;
    }
    // §2.5.2.2: a new event implicitly ends the previous one whose end packets were lost.
    if (a) this.finish("next-event");
    this.active = {
      event: ev.event,
      timestamp: ts,
      segmentTimestamp: ts,
      previousSegments: 0,
      segmentDuration: ev.duration,
    };
    this.remember(ts);
    this.emit("begin", { digit: dtmfDigit(ev.event), event: ev.event, timestamp: ts });
    if (ev.end) this.finish("end-packet");
    else this.armTimer();
  }

  /** Ends the current event, if any (e.g. the call is on hold). Idempotent. */
  close(): void {
    if (this.closed) return;
    if (this.active) this.finish("timeout");
    this.closed = true;
  }

  private isContinuation(a: ActiveEvent, ts: number): boolean {
    // The new segment starts where the old one's (maximal) duration ends.
    const expected = u32(a.segmentTimestamp + a.segmentDuration);
    const slack = Math.abs(tsDelta(ts, expected));
    return a.segmentDuration >= 0xffff - 2000 && slack <= 2000;
  }

  private remember(ts: number): void {
    this.latest = ts;
    this.seen.push(ts);
    if (this.seen.length > this.memory) this.seen.shift();
  }

  private armTimer(): void {
    this.opts.clock.clearTimeout(this.timer);
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.active) this.finish("timeout");
    }, this.endTimeoutMs);
  }

  private finish(endedBy: DtmfEndReason): void {
    const a = this.active;
    if (!a) return;
    this.active = undefined;
    this.opts.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.emit("digit", {
      digit: dtmfDigit(a.event),
      event: a.event,
      timestamp: a.timestamp,
      duration: a.previousSegments + a.segmentDuration,
      endedBy,
    });
  }
}
