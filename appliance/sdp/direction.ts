// Direction negotiation and hold detection (RFC 3264 §6.1, §8.4).
import { directionOf } from "./attributes.ts";
import type { Direction, SdpMedia, SessionDescription } from "./model.ts";

const SENDS: Record<Direction, boolean> = {
  sendrecv: true,
  sendonly: true,
  recvonly: false,
  inactive: false,
};
const RECEIVES: Record<Direction, boolean> = {
  sendrecv: true,
  sendonly: false,
  recvonly: true,
  inactive: false,
};

export function directionFrom(sends: boolean, receives: boolean): Direction {
  if (sends && receives) return "sendrecv";
  if (sends) return "sendonly";
  if (receives) return "recvonly";
  return "inactive";
}

/** The direction seen from the other end: sendonly ↔ recvonly. */
export function reverseDirection(d: Direction): Direction {
  return directionFrom(RECEIVES[d], SENDS[d]);
}

/**
 * RFC 3264 §6.1: the answer's direction for an offered one, given what the answerer wants.
 * sendonly → recvonly (or inactive), recvonly → sendonly (or inactive), inactive → inactive.
 */
export function answerDirection(offered: Direction, wanted: Direction = "sendrecv"): Direction {
  return directionFrom(RECEIVES[offered] && SENDS[wanted], SENDS[offered] && RECEIVES[wanted]);
}

/** True for the pre-RFC 3264 hold address (RFC 2543; RFC 3264 §8.4). */
export function isNullAddress(address: string): boolean {
  return address === "0.0.0.0" || address === "::";
}

export function connectionAddressOf(media: SdpMedia, sdp: SessionDescription): string | undefined {
  return media.connections[0]?.address ?? sdp.connection?.address;
}

/**
 * The direction that matters for media: the a= direction, corrected for the old hold form.
 * RFC 3264 §8.4: c=0.0.0.0 means "send no RTP to me", so the sender at most sends.
 */
export function effectiveDirection(media: SdpMedia, sdp: SessionDescription): Direction {
  const d = directionOf(media, sdp);
  const addr = connectionAddressOf(media, sdp);
  if (media.port === 0) return "inactive";
  if (addr !== undefined && isNullAddress(addr)) return directionFrom(SENDS[d], false);
  return d;
}

/** The first live audio stream, which is the one pibx relays. */
export function primaryAudio(sdp: SessionDescription): SdpMedia | undefined {
  return sdp.media.find((m) => m.type === "audio" && m.port !== 0);
}

/**
 * Whether the sender of this SDP is holding the call: its audio is sendonly or inactive, or
 * uses the old c=0.0.0.0 form (RFC 3264 §8.4). An SDP with no live audio is not a hold.
 */
export function isHold(sdp: SessionDescription): boolean {
  const m = primaryAudio(sdp);
  if (!m) return false;
  return !RECEIVES[effectiveDirection(m, sdp)];
}

export type HoldTransition = "hold" | "resume" | "none";

/** Compares two successive SDPs from the same side (e.g. the INVITE and a re-INVITE). */
export function holdTransition(
  previous: SessionDescription | undefined,
  next: SessionDescription,
): HoldTransition {
  const was = previous ? isHold(previous) : false;
  const now = isHold(next);
  if (!was && now) return "hold";
  if (was && !now) return "resume";
  return "none";
}
