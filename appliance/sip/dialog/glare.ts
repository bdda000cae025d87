// RFC 3261 §14.1: after a 491 to a re-INVITE the UAC waits before retrying. If it owns the
// Call-ID (it sent the initial INVITE) it waits 2.1 to 4 s, otherwise 0 to 2 s, in units of 10 ms.
import type { RandomSource } from "../../base/index.ts";

/** Milliseconds to wait before retrying a re-INVITE (or UPDATE, RFC 3311 §5.1) that got 491. */
export function glareRetryDelay(ownsCallId: boolean, random: RandomSource): number {
  const b = random.fill(new Uint8Array(2));
  const r = ((b[0]! << 8) | b[1]!) / 65536; // [0, 1)
  // RFC 3261 §14.1: 2.1-4 s for the Call-ID owner, 0-2 s otherwise, in 10 ms units.
  const [lo, hi] = ownsCallId ? [210, 400] : [0, 200];
  return (lo + Math.floor(r * (hi - lo + 1))) * 10;
}

/** RFC 3261 §14.2: the Retry-After of a 500 to an overlapping re-INVITE, 0 to 10 s. */
export function overlapRetryAfter(random: RandomSource): number {
  const b = random.fill(new Uint8Array(1));
  return b[0]! % 11;
}
