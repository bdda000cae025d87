// A token bucket: `rate` tokens per second up to `burst`; each packet takes one.

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private rate: number,
    private burst: number,
    nowMs: number,
  ) {
    // Full on first use, at whatever burst applies then (see take).
    this.tokens = Number.POSITIVE_INFINITY;
    this.last = nowMs;
  }

  /** Takes one token if there is one; false means over the limit. */
  take(nowMs: number, rate = this.rate, burst = this.burst): boolean {
    this.rate = rate;
    this.burst = burst;
    const elapsed = Math.max(0, nowMs - this.last) / 1000;
    this.last = nowMs;
    this.tokens = Math.min(burst, this.tokens + elapsed * rate);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
