// The digest computations of RFC 7616 §3.4.1-§3.4.3 (RFC 2617 §3.2.2 when no qop is sent).
import { type DigestAlgorithm, digestHash } from "./digest-hash.ts";

/** RFC 7616 §3.4.2: A1 = username ":" realm ":" passwd; HA1 = H(A1). */
export function computeHa1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

export interface DigestInputs {
  algorithm: DigestAlgorithm;
  ha1: string;
  method: string;
  /** The digest-uri parameter as sent (RFC 7616 §3.4.6). */
  uri: string;
  nonce: string;
  /** qop "auth" (auth-int is not offered); undefined for RFC 2069-style clients. */
  qop?: "auth";
  nc?: string;
  cnonce?: string;
}

/** The request-digest (the "response" parameter). */
export function computeResponse(d: DigestInputs): string {
  // RFC 7616 §3.4.3: A2 = Method ":" request-uri for qop=auth (or no qop).
  const ha2 = digestHash(d.algorithm, `${d.method}:${d.uri}`);
  // RFC 7616 §3.4.1: response = KD(H(A1), nonce:nc:cnonce:qop:H(A2)).
  if (d.qop === "auth")
    return digestHash(d.algorithm, `${d.ha1}:${d.nonce}:${d.nc}:${d.cnonce}:${d.qop}:${ha2}`);
  // RFC 2617 §3.2.2.1: without qop, response = KD(H(A1), nonce:H(A2)).
  return digestHash(d.algorithm, `${d.ha1}:${d.nonce}:${ha2}`);
}
