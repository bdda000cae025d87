// HTTP Digest authentication for phones that re-fetch their files with the credentials their
// profile gave them (RFC 7616, MD5 with qop=auth, which every phone firmware speaks). Nonces are
// stateless: a timestamp and its HMAC, valid for a few minutes.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const DIGEST_REALM = "pibx-provisioning";
const NONCE_LIFETIME_MS = 5 * 60_000;

function md5(text: string): string {
  return createHash("md5").update(text).digest("hex");
}

/** RFC 7616 §3.3: the challenge parameters of WWW-Authenticate. */
export class DigestChallenger {
  private readonly key = randomBytes(32);

  constructor(private readonly now: () => number) {}

  challenge(): string {
    const t = Math.floor(this.now()).toString(36);
    const nonce = `${t}.${this.sign(t)}`;
    return `Digest realm="${DIGEST_REALM}", qop="auth", algorithm=MD5, nonce="${nonce}"`;
  }

  nonceFresh(nonce: string): boolean {
    const [t, mac] = nonce.split(".");
    if (t === undefined || mac === undefined) return false;
    const expected = this.sign(t);
    if (expected.length !== mac.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(mac)))
      return false;
    const age = this.now() - Number.parseInt(t, 36);
    return age >= 0 && age <= NONCE_LIFETIME_MS;
  }

  private sign(t: string): string {
    return createHmac("sha256", this.key).update(t).digest("base64url").slice(0, 22);
  }
}

export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly qop?: string;
  readonly nc?: string;
  readonly cnonce?: string;
}

/** Parses `Digest a="b", c=d`; undefined for another scheme or a malformed header. */
export function parseDigestAuthorization(header: string | undefined): DigestCredentials | undefined {
  if (header === undefined) return undefined;
  const m = /^Digest\s+(.*)$/is.exec(header.trim());
  if (!m) return undefined;
  const params = new Map<string, string>();
  const re = /([A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))\s*(?:,|$)/g;
  for (const p of m[1]!.matchAll(re)) params.set(p[1]!.toLowerCase(), p[2] ?? p[3] ?? "");
  const get = (k: string) => params.get(k);
  const username = get("username");
  const nonce = get("nonce");
  const uri = get("uri");
  const response = get("response");
  if (!username || !nonce || !uri || !response) return undefined;
  const qop = get("qop");
  const nc = get("nc");
  const cnonce = get("cnonce");
  return {
    username,
    realm: get("realm") ?? "",
    nonce,
    uri,
    response,
    ...(qop ? { qop } : {}),
    ...(nc ? { nc } : {}),
    ...(cnonce ? { cnonce } : {}),
  };
}

/** RFC 7616 §3.4.1 (RFC 2617 §3.2.2.1 without qop): does the response prove the password? */
export function digestResponseValid(c: DigestCredentials, method: string, password: string): boolean {
  const ha1 = md5(`${c.username}:${c.realm}:${password}`);
  const ha2 = md5(`${method}:${c.uri}`);
  const expected =
    c.qop === "auth"
      ? md5(`${ha1}:${c.nonce}:${c.nc}:${c.cnonce}:auth:${ha2}`)
      : md5(`${ha1}:${c.nonce}:${ha2}`);
  const got = c.response.toLowerCase();
  return got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
}

/** The client side, for tests and tools: the Authorization header answering a challenge. */
export function digestAuthorization(
  challenge: string,
  method: string,
  uri: string,
  username: string,
  password: string,
): string {
  const nonce = /nonce="([^"]+)"/.exec(challenge)?.[1] ?? "";
  const realm = /realm="([^"]+)"/.exec(challenge)?.[1] ?? "";
  const nc = "00000001";
  const cnonce = randomBytes(8).toString("hex");
  const ha1 = md5(`${username}:${realm}:${password}`);
  const ha2 = md5(`${method}:${uri}`);
  const response = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}", algorithm=MD5`;
}
