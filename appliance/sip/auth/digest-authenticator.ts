// The server side of SIP digest authentication (RFC 3261 §22, RFC 7616, RFC 8760): challenges
// offering SHA-256 first and MD5 second, and verification of credentials against HA1s.
//
// No enumeration: an unknown user is challenged and refused exactly like a known user with a
// wrong password: same status, same headers, and the same work (a response is computed from a
// dummy HA1 and compared in constant time), so neither the answer nor its timing tells them apart.
import { randomBytes } from "node:crypto";
import {
  type AuthValue,
  formatAuthValue,
  getHeaders,
  parseAuthValue,
  type SipRequest,
} from "../message/index.ts";
import type { CredentialStore } from "./credentials.ts";
import { computeResponse } from "./digest-compute.ts";
import {
  DIGEST_HEX_LENGTH,
  type DigestAlgorithm,
  digestHash,
  hexEquals,
  parseAlgorithm,
} from "./digest-hash.ts";
import type { NonceService } from "./nonce.ts";
import { NonceCountTracker } from "./nonce-counts.ts";

export interface DigestAuthenticatorOptions {
  realm: string;
  credentials: CredentialStore;
  nonces: NonceService;
  /** Wall-clock milliseconds (a Clock's wallTime().getTime()). */
  now: () => number;
  /** Offered in this order (RFC 8760 §2.4: most preferred first). Default SHA-256, MD5. */
  algorithms?: readonly DigestAlgorithm[];
  /** The opaque value (RFC 7616 §3.3); fixed per server. */
  opaque: string;
  nonceCounts?: NonceCountTracker;
  /** 407 + Proxy-Authenticate (a proxy) instead of 401 + WWW-Authenticate (a UAS or registrar). */
  proxy?: boolean;
  /** The request-digest function (injected by tests to observe the work done). */
  compute?: typeof computeResponse;
}

/** Why a request was not authenticated: for logs and ban counters, never for the wire. */
export type AuthFailureReason = "bad-response" | "unknown-user" | "replay" | "malformed" | "opaque";

export type AuthResult =
  | { outcome: "ok"; username: string; algorithm: DigestAlgorithm }
  /** No usable credentials, or a stale or foreign nonce: challenge, not a failed guess. */
  | { outcome: "challenge"; stale: boolean }
  /** A password guess that failed: challenge again, and count it against the source. */
  | { outcome: "failed"; reason: AuthFailureReason; username: string };

export interface Challenge {
  status: 401 | 407;
  headers: Array<[string, string]>;
}

export class DigestAuthenticator {
  readonly realm: string;
  private readonly algorithms: readonly DigestAlgorithm[];
  private readonly nonceCounts: NonceCountTracker;
  /** HA1s for users that do not exist: random, so no password ever matches them. */
  private readonly dummyHa1: Record<DigestAlgorithm, string>;

  constructor(private readonly options: DigestAuthenticatorOptions) {
    this.realm = options.realm;
    this.algorithms = options.algorithms ?? ["SHA-256", "MD5"];
    this.nonceCounts = options.nonceCounts ?? new NonceCountTracker();
    const seed = randomBytes(32).toString("hex");
    this.dummyHa1 = {
      "SHA-256": digestHash("SHA-256", seed),
      "SHA-512-256": digestHash("SHA-512-256", seed),
      MD5: digestHash("MD5", seed),
    };
  }

  private get credentialsHeader(): string {
    return this.options.proxy ? "Proxy-Authorization" : "Authorization";
  }

  /** A challenge: one header per algorithm, same nonce (RFC 8760 §2.4, RFC 7616 §3.7). */
  challenge(stale = false): Challenge {
    const nonce = this.options.nonces.issue(this.options.now());
    const name = this.options.proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
    const headers: Array<[string, string]> = this.algorithms.map((algorithm) => {
      const params = new Map<string, string>([
        ["realm", this.realm],
        ["nonce", nonce],
        ["opaque", this.options.opaque],
        ["algorithm", algorithm],
        // RFC 7616 §3.3: qop is a quoted list of options; we offer auth only.
        ["qop", "auth"],
      ]);
      const quoted = new Set(["realm", "nonce", "opaque", "qop"]);
      // RFC 7616 §3.3: stale=true when the nonce was stale but the digest was right.
      if (stale) params.set("stale", "true");
      return [name, formatAuthValue({ scheme: "Digest", params, quoted })];
    });
    return { status: this.options.proxy ? 407 : 401, headers };
  }

  /** Checks the credentials of req (RFC 3261 §22.3, RFC 7616 §3.4). */
  authenticate(req: SipRequest): AuthResult {
    const creds = this.pickCredentials(req);
    if (!creds) return { outcome: "challenge", stale: false };
    const p = creds.params;
    const username = p.get("username") ?? "";
    const algorithm = parseAlgorithm(p.get("algorithm"));
    const nonce = p.get("nonce");
    const uri = p.get("uri");
    const response = p.get("response");
    const qop = p.get("qop");
    const nc = p.get("nc");
    const cnonce = p.get("cnonce");
    if (!algorithm || !this.algorithms.includes(algorithm) || !nonce || !uri || !response) {
      return { outcome: "failed", reason: "malformed", username };
    }
    const status = this.options.nonces.check(nonce, this.options.now());
    // A nonce we never issued cannot carry a guess: just challenge again.
    if (!status.valid && !status.stale) return { outcome: "challenge", stale: false };
    // RFC 7616 §3.4: we offered qop=auth, so the client must use it, with nc (8LHEX) and cnonce.
    if (qop?.toLowerCase() !== "auth" || !nc || !/^[0-9a-fA-F]{8}$/.test(nc) || !cnonce) {
      return { outcome: "failed", reason: "malformed", username };
    }
    if (response.length !== DIGEST_HEX_LENGTH[algorithm])
      return { outcome: "failed", reason: "malformed", username };
    const known = this.options.credentials.lookup(username, this.realm);
    const ha1 = known?.[algorithm] ?? this.dummyHa1[algorithm];
    const expected = (this.options.compute ?? computeResponse)({
      algorithm,
      ha1,
      method: req.method,
      uri,
      nonce,
      qop: "auth",
      nc,
      cnonce,
    });
    const matches = hexEquals(expected, response);
    if (!known || known[algorithm] === undefined)
      return { outcome: "failed", reason: "unknown-user", username };
    if (!matches) return { outcome: "failed", reason: "bad-response", username };
    // RFC 7616 §3.3: opaque is returned unchanged (some old clients omit it).
    const opaque = p.get("opaque");
    if (opaque !== undefined && opaque !== this.options.opaque)
      return { outcome: "failed", reason: "opaque", username };
    // RFC 7616 §3.3: a stale nonce with a correct digest → challenge with stale=true.
    if (!status.valid) return { outcome: "challenge", stale: true };
    // RFC 7616 §3.4.5: nc must grow for each nonce, or the request is a replay.
    const verdict = this.nonceCounts.use(nonce, status.issuedAt, Number.parseInt(nc, 16));
    if (verdict === "stale") return { outcome: "challenge", stale: true };
    if (verdict === "replay") return { outcome: "failed", reason: "replay", username };
    return { outcome: "ok", username, algorithm };
  }

  /**
   * RFC 3261 §22.3: the credentials for our realm (several may be present for other realms);
   * an unknown scheme is ignored, so the request is challenged (RFC 4475 §3.3.7).
   */
  private pickCredentials(req: SipRequest): AuthValue | undefined {
    for (const line of getHeaders(req, this.credentialsHeader)) {
      let value: AuthValue;
      try {
        value = parseAuthValue(line);
      } catch {
        continue;
      }
      if (value.scheme.toLowerCase() !== "digest") continue;
      if (value.params.get("realm") !== this.realm) continue;
      return value;
    }
    return undefined;
  }
}
