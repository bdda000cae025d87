// Stateless nonces (RFC 7616 §3.3, §5.4): timestamp + random, authenticated with an HMAC under a
// server secret, so any nonce we issued can be checked without storing it, and its age bounds
// how long it is valid. Layout (base64url, 40 bytes): ts(8, ms since epoch) | rand(8) | mac(24).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export type NonceStatus = { valid: true; issuedAt: number } | { valid: false; stale: boolean };

export interface NonceOptions {
  /** HMAC key: at least 32 random bytes, kept across restarts so nonces survive them. */
  secret: Uint8Array;
  /** How long a nonce stays valid, in seconds. */
  lifetimeSeconds: number;
  /** Random bytes for each nonce (injected for tests). */
  random?: (n: number) => Uint8Array;
}

const TS = 8;
const RAND = 8;
const MAC = 24;

export class NonceService {
  private readonly random: (n: number) => Uint8Array;

  constructor(private readonly options: NonceOptions) {
    if (options.secret.length < 16) throw new RangeError("nonce secret must be at least 16 bytes");
    this.random = options.random ?? ((n) => randomBytes(n));
  }

  /** A fresh nonce for wall-clock time nowMs. */
  issue(nowMs: number): string {
    const buf = Buffer.alloc(TS + RAND + MAC);
    buf.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(nowMs))), 0);
    Buffer.from(this.random(RAND)).copy(buf, TS, 0, RAND);
    this.mac(buf.subarray(0, TS + RAND)).copy(buf, TS + RAND);
    return buf.toString("base64url");
  }

  /**
   * Checks a nonce at wall-clock time nowMs: forged or malformed → invalid; ours but older than
   * the lifetime → stale (RFC 7616 §3.3: the client retries with the new nonce, stale=true).
   */
  check(nonce: string, nowMs: number): NonceStatus {
    if (nonce.length !== 54 || !/^[A-Za-z0-9_-]+$/.test(nonce)) return { valid: false, stale: false };
    const buf = Buffer.from(nonce, "base64url");
    if (buf.length !== TS + RAND + MAC) return { valid: false, stale: false };
    const expected = this.mac(buf.subarray(0, TS + RAND));
    if (!timingSafeEqual(expected, buf.subarray(TS + RAND))) return { valid: false, stale: false };
    const issuedAt = Number(buf.readBigUInt64BE(0));
    const age = nowMs - issuedAt;
    // A nonce from the future (clock stepped back) is treated as stale too: the client gets a fresh one.
    if (age < -5_000 || age > this.options.lifetimeSeconds * 1000) return { valid: false, stale: true };
    return { valid: true, issuedAt };
  }

  private mac(data: Uint8Array): Buffer {
    return createHmac("sha256", this.options.secret).update(data).digest().subarray(0, MAC);
  }
}
