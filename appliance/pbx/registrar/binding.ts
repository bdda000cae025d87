// A registration binding (RFC 3261 §10): one contact address bound to an address-of-record,
// with the Call-ID and CSeq of the REGISTER that last touched it (§10.3 step 7).

export interface BindingSource {
  protocol: string;
  address: string;
  port: number;
}

export interface Binding {
  /** The address-of-record, canonical: `sip:user@domain`. */
  aor: string;
  /** The contact URI as sent (RFC 4475 §3.3.12-14: stored as the client sent it). */
  uri: string;
  /** Contact header parameters other than expires (q, +sip.instance, reg-id...), as sent. */
  params: Array<[string, string | null]>;
  /** q-value in thousandths (RFC 3261 §20.10: 0 to 1, three decimals); default 1000. */
  q: number;
  callId: string;
  cseq: number;
  /** Wall-clock expiry, ms since the epoch (so it means the same after a restart). */
  expiresAt: number;
  /** Where the REGISTER came from (for routing through NAT, and for the protection layer). */
  source: BindingSource;
  /** The authenticated user that created the binding. */
  user: string;
}

/** Seconds left on a binding, rounded up, never negative. */
export function secondsLeft(b: Binding, nowMs: number): number {
  return Math.max(0, Math.ceil((b.expiresAt - nowMs) / 1000));
}
