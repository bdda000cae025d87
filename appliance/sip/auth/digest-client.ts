// The client side of digest (RFC 7616 §3.4): the Authorization value answering a challenge.
// Used by the appliance's own tests and the REGISTER benchmark (and later the trunk client).
import { type AuthValue, formatAuthValue, parseAuthValue } from "../message/index.ts";
import { computeHa1, computeResponse } from "./digest-compute.ts";
import { parseAlgorithm } from "./digest-hash.ts";

export interface DigestAnswer {
  username: string;
  password: string;
  method: string;
  uri: string;
  cnonce: string;
  /** Nonce-count, 1 for the first use of a nonce. */
  nc: number;
}

/** The Authorization (or Proxy-Authorization) value for one WWW-Authenticate value. */
export function answerChallenge(challenge: string | AuthValue, a: DigestAnswer): string {
  const ch = typeof challenge === "string" ? parseAuthValue(challenge) : challenge;
  const algorithm = parseAlgorithm(ch.params.get("algorithm"));
  if (!algorithm) throw new RangeError(`unsupported digest algorithm ${ch.params.get("algorithm")}`);
  const realm = ch.params.get("realm") ?? "";
  const nonce = ch.params.get("nonce") ?? "";
  const nc = a.nc.toString(16).padStart(8, "0");
  const ha1 = computeHa1(algorithm, a.username, realm, a.password);
  const response = computeResponse({
    algorithm,
    ha1,
    method: a.method,
    uri: a.uri,
    nonce,
    qop: "auth",
    nc,
    cnonce: a.cnonce,
  });
  const params = new Map<string, string>([
    ["username", a.username],
    ["realm", realm],
    ["nonce", nonce],
    ["uri", a.uri],
    ["response", response],
    ["algorithm", algorithm],
    ["qop", "auth"],
    ["nc", nc],
    ["cnonce", a.cnonce],
  ]);
  const opaque = ch.params.get("opaque");
  if (opaque !== undefined) params.set("opaque", opaque);
  return formatAuthValue({
    scheme: "Digest",
    params,
    quoted: new Set(["username", "realm", "nonce", "uri", "response", "cnonce", "opaque"]),
  });
}
