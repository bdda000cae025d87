// The digest hash functions of RFC 7616 §3.2 as SIP uses them (RFC 8760 §2): MD5 for old
// phones, SHA-256 and SHA-512-256 for the rest. The "-sess" variants are not offered.
import { createHash, timingSafeEqual } from "node:crypto";

export type DigestAlgorithm = "SHA-256" | "SHA-512-256" | "MD5";

const NODE_NAMES: Readonly<Record<DigestAlgorithm, string>> = {
  "SHA-256": "sha256",
  "SHA-512-256": "sha512-256",
  MD5: "md5",
};

/** Hex digest length of each algorithm (so a malformed response is rejected before comparing). */
export const DIGEST_HEX_LENGTH: Readonly<Record<DigestAlgorithm, number>> = {
  "SHA-256": 64,
  "SHA-512-256": 64,
  MD5: 32,
};

/** RFC 7616 §3.7 / RFC 8760 §2.1: an absent algorithm parameter means MD5. */
export function parseAlgorithm(value: string | undefined): DigestAlgorithm | undefined {
  if (value === undefined) return "MD5";
  const v = value.toUpperCase();
  return v === "MD5" || v === "SHA-256" || v === "SHA-512-256" ? v : undefined;
}

/** H(data) as lower-case hex (RFC 7616 §3.4: "the hex encoding of the hash output"). */
export function digestHash(algorithm: DigestAlgorithm, data: string): string {
  return createHash(NODE_NAMES[algorithm]).update(data, "utf8").digest("hex");
}

/** Constant-time comparison of two hex strings of equal expected length. */
export function hexEquals(a: string, b: string): boolean {
  const ba = Buffer.from(a.toLowerCase(), "latin1");
  const bb = Buffer.from(b.toLowerCase(), "latin1");
  // Compare against itself when lengths differ, so the time does not depend on where they differ.
  if (ba.length !== bb.length) {
    timingSafeEqual(ba, ba);
    return false;
  }
  return timingSafeEqual(ba, bb);
}
