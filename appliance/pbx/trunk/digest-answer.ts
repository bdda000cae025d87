// The UAC side of digest authentication for the trunk (RFC 3261 §22.2/§22.3, RFC 7616, RFC 8760):
// pick the challenge to answer, compute the credentials with qop=auth (cnonce, nc) or, for a
// challenge without qop, the RFC 2617 §3.2.2.1 form, and echo realm, nonce and opaque.
// sip/auth/answerChallenge always sends qop=auth (right for pibx's own server, wrong for a
// provider that challenges without qop, like the lab's Kamailio), hence this session here.

import { computeHa1, computeResponse, type DigestAlgorithm, parseAlgorithm } from "../../sip/auth/index.ts";
import {
  type AuthValue,
  formatAuthValue,
  getAuthValues,
  type SipResponse,
  splitList,
} from "../../sip/index.ts";

export interface DigestCredentials {
  username: string;
  password: string;
}

export interface DigestAnswerHeader {
  /** RFC 3261 §22.2: Authorization answers 401; §22.3: Proxy-Authorization answers 407. */
  name: "Authorization" | "Proxy-Authorization";
  value: string;
  realm: string;
  nonce: string;
  /** The challenge said stale=true (RFC 7616 §3.3): the nonce expired, the password was right. */
  stale: boolean;
  algorithm: DigestAlgorithm;
}

export type DigestAnswerResult =
  | { ok: true; header: DigestAnswerHeader }
  | { ok: false; reason: "no-challenge" | "unsupported-challenge" };

/** Algorithms in our order of preference when a server offers several (RFC 8760 §2.4). */
const SUPPORTED: readonly DigestAlgorithm[] = ["SHA-256", "SHA-512-256", "MD5"];

function param(ch: AuthValue, name: string): string | undefined {
  return ch.params.get(name);
}

/** The qop options of a challenge, or undefined when it has none (RFC 7616 §3.3). */
function qopOptions(ch: AuthValue): string[] | undefined {
  const q = param(ch, "qop");
  return q === undefined ? undefined : splitList(q).map((s) => s.trim().toLowerCase());
}

/**
 * One digest client: keeps the nonce-count per nonce (RFC 7616 §3.4: nc counts the requests sent
 * with a nonce, starting at 00000001) and mints cnonces from the injected source.
 */
export class DigestClientSession {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly credentials: () => DigestCredentials,
    private readonly cnonce: () => string,
  ) {}

  /** Answers the 401/407 res for a request (method, Request-URI as sent). */
  answer(res: SipResponse, method: string, uri: string): DigestAnswerResult {
    const proxy = res.status === 407;
    const headerName = proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
    let values: AuthValue[];
    try {
      values = getAuthValues(res, headerName);
    } catch {
      return { ok: false, reason: "no-challenge" };
    }
    const digest = values.filter((v) => v.scheme.toLowerCase() === "digest");
    if (digest.length === 0) return { ok: false, reason: "no-challenge" };
    // RFC 8760 §2.4: with several challenges (one per algorithm), the server lists its preferred
    // first; the UAC uses the first it supports. We prefer stronger ones among equals-in-order.
    const usable = digest
      .map((ch) => ({ ch, alg: parseAlgorithm(param(ch, "algorithm")), qop: qopOptions(ch) }))
      .filter((c) => c.alg !== undefined && (c.qop === undefined || c.qop.includes("auth")));
    usable.sort((a, b) => SUPPORTED.indexOf(a.alg!) - SUPPORTED.indexOf(b.alg!));
    const pick = usable[0];
    if (!pick?.alg) return { ok: false, reason: "unsupported-challenge" };
    const { ch, alg, qop } = pick;
    const realm = param(ch, "realm") ?? "";
    const nonce = param(ch, "nonce") ?? "";
    const creds = this.credentials();
    const ha1 = computeHa1(alg, creds.username, realm, creds.password);
    const params = new Map<string, string>([
      ["username", creds.username],
      ["realm", realm],
      ["nonce", nonce],
      ["uri", uri],
    ]);
    const quoted = new Set(["username", "realm", "nonce", "uri", "response", "cnonce", "opaque"]);
    if (qop === undefined) {
      // RFC 2617 §3.2.2.1: no qop in the challenge, so none in the answer, and no cnonce or nc.
      params.set("response", computeResponse({ algorithm: alg, ha1, method, uri, nonce }));
    } else {
      const n = (this.counts.get(nonce) ?? 0) + 1;
      this.counts.set(nonce, n);
      if (this.counts.size > 16) this.counts.delete(this.counts.keys().next().value!);
      const nc = n.toString(16).padStart(8, "0");
      const cnonce = this.cnonce();
      params.set(
        "response",
        computeResponse({ algorithm: alg, ha1, method, uri, nonce, qop: "auth", nc, cnonce }),
      );
      params.set("qop", "auth");
      params.set("nc", nc);
      params.set("cnonce", cnonce);
    }
    // RFC 7616 §3.4: algorithm echoed; RFC 7616 §3.4 / RFC 2617 §3.2.2: opaque returned unchanged.
    params.set("algorithm", alg);
    const opaque = param(ch, "opaque");
    if (opaque !== undefined) params.set("opaque", opaque);
    return {
      ok: true,
      header: {
        name: proxy ? "Proxy-Authorization" : "Authorization",
        value: formatAuthValue({ scheme: "Digest", params, quoted }),
        realm,
        nonce,
        stale: (param(ch, "stale") ?? "").toLowerCase() === "true",
        algorithm: alg,
      },
    };
  }
}
