// Identifiers the SIP stack mints: branches, tags, Call-IDs.
import type { RandomSource } from "./random.ts";

/** RFC 3261 §8.1.1.7: every branch this stack creates starts with the magic cookie. */
export const MAGIC_COOKIE = "z9hG4bK";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

export interface IdSource {
  /** A Via branch: the magic cookie followed by at least 64 bits of randomness. */
  branch(): string;
  /** A From/To tag (RFC 3261 §19.3: at least 32 bits of randomness). */
  tag(): string;
  /** A Call-ID, globally unique (RFC 3261 §8.1.1.4), optionally `random@host`. */
  callId(host?: string): string;
  /** A random token of n characters from [0-9a-zA-Z]. */
  token(n: number): string;
}

export class RandomIdSource implements IdSource {
  constructor(private readonly random: RandomSource) {}

  token(n: number): string {
    const bytes = this.random.fill(new Uint8Array(n));
    let out = "";
    // 62 symbols: the modulo bias is negligible for identifiers (not key material).
    for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
    return out;
  }

  branch(): string {
    return MAGIC_COOKIE + this.token(16);
  }

  tag(): string {
    return this.token(12);
  }

  callId(host?: string): string {
    const id = this.token(24);
    return host ? `${id}@${host}` : id;
  }
}
