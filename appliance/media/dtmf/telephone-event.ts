// RFC 4733 telephone-event payload (§2.3): the named events of §3.2 (DTMF 0-9 * # A-D, flash)
// carried in RTP, one 4-octet block per packet. Pure codec: no state, no SIP.
import { ParseError } from "../../base/index.ts";

/** One telephone-event block as carried in an RTP payload. */
export interface TelephoneEvent {
  /** RFC 4733 §3.2 event code: 0-9 digits, 10 `*`, 11 `#`, 12-15 A-D, 16 flash. */
  event: number;
  /** E bit: this packet ends the event. */
  end: boolean;
  /** Power level, 0 to -63 dBm0 expressed as 0..63 (§2.3.4). */
  volume: number;
  /** Duration so far, in RTP timestamp units (§2.3.5). */
  duration: number;
}

export const TELEPHONE_EVENT_LENGTH = 4;
/** §2.3.5: the duration field is 16 bits; longer events are split (§2.5.2.3). */
export const MAX_EVENT_DURATION = 0xffff;

const DIGITS = "0123456789*#ABCD";

/** RFC 4733 §3.2: the event code of a DTMF digit (`0`-`9`, `*`, `#`, `A`-`D`), or undefined. */
export function dtmfEventCode(digit: string): number | undefined {
  const i = DIGITS.indexOf(digit.toUpperCase());
  return i < 0 || digit.length !== 1 ? undefined : i;
}

/** RFC 4733 §3.2: the digit for an event code 0-15, or undefined (flash and others). */
export function dtmfDigit(event: number): string | undefined {
  return event >= 0 && event < DIGITS.length ? DIGITS[event] : undefined;
}

/**
 * RFC 4733 §2.3 payload format:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     event     |E|R| volume    |          duration             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent {
  if (payload.length < TELEPHONE_EVENT_LENGTH)
    throw new ParseError("telephone-event payload shorter than 4 octets", payload.length);
  const b1 = payload[1]!;
  return {
    event: payload[0]!,
    end: (b1 & 0x80) !== 0,
    // RFC 4733 §2.3.3: the R bit is reserved; receivers MUST ignore it.
    volume: b1 & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  };
}

/** Encodes one block (same layout as the decoder's diagram). */
export function encodeTelephoneEvent(ev: TelephoneEvent): Uint8Array {
  if (!Number.isInteger(ev.event) || ev.event < 0 || ev.event > 255)
    throw new RangeError("event out of range");
  if (!Number.isInteger(ev.duration) || ev.duration < 0 || ev.duration > MAX_EVENT_DURATION)
    throw new RangeError("duration out of range");
  const out = new Uint8Array(TELEPHONE_EVENT_LENGTH);
  out[0] = ev.event;
  // RFC 4733 §2.3.3: the R bit MUST be sent as zero.
  out[1] = (ev.end ? 0x80 : 0) | (Math.min(63, Math.max(0, ev.volume)) & 0x3f);
  out[2] = (ev.duration >> 8) & 0xff;
  out[3] = ev.duration & 0xff;
  return out;
}
