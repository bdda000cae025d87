// Replay protection with nonce-counts (RFC 7616 §3.4.5: the server SHOULD check that nc grows
// for each nonce). Per nonce the highest nc seen; memory is bounded: the least recently used
// nonces are forgotten, and a forgotten nonce is refused as stale afterwards (the client simply
// gets a fresh nonce), so eviction never opens a replay window.

export type NonceCountVerdict = "ok" | "replay" | "stale";

export class NonceCountTracker {
  private readonly highest = new Map<string, { nc: number; issuedAt: number }>();
  /** The newest issue time among forgotten nonces: anything issued no later is refused. */
  private forgottenUpTo = Number.NEGATIVE_INFINITY;

  constructor(private readonly maxNonces = 10_000) {}

  /** Records nc for nonce (issued at issuedAt) if it is higher than any seen before. */
  use(nonce: string, issuedAt: number, nc: number): NonceCountVerdict {
    const seen = this.highest.get(nonce);
    if (seen === undefined) {
      if (issuedAt <= this.forgottenUpTo) return "stale";
    } else if (nc <= seen.nc) return "replay";
    this.highest.delete(nonce); // re-insert: Map order is our LRU order
    this.highest.set(nonce, { nc, issuedAt });
    for (const [oldest, entry] of this.highest) {
      if (this.highest.size <= this.maxNonces) break;
      this.highest.delete(oldest);
      this.forgottenUpTo = Math.max(this.forgottenUpTo, entry.issuedAt);
    }
    return "ok";
  }

  get size(): number {
    return this.highest.size;
  }
}
