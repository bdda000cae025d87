// Authorization / Proxy-Authorization credentials and WWW-Authenticate / Proxy-Authenticate
// challenges (RFC 3261 §20.7, §20.27, §20.44, §25.1; RFC 7616 for Digest):
//   challenge   = ("Digest" LWS digest-cln *(COMMA digest-cln)) / other-challenge
//   credentials = ("Digest" LWS digest-response *(COMMA dig-resp)) / other-response
//   auth-param  = auth-param-name EQUAL ( token / quoted-string )
// Parameter values are returned unquoted; names lower-cased. Any scheme parses, so the auth
// layer can answer an unknown one with a challenge (RFC 4475 §3.3.7).
import { isIn, TOKEN } from "./chars.ts";
import { quote, Scanner, unquote } from "./scanner.ts";

export interface AuthValue {
  /** As sent (compare case-insensitively): "Digest", or another scheme. */
  scheme: string;
  /** auth-params, names lower-cased, values unquoted. */
  params: Map<string, string>;
  /** Which params were sent quoted (to re-serialize faithfully). */
  quoted: Set<string>;
}

const VALUE = new Uint8Array(128);
for (let i = 0; i < 128; i++) VALUE[i] = TOKEN[i]!;
for (const c of "/:=@[]") VALUE[c.charCodeAt(0)] = 1; // lenient: URIs and token68 in bare values

export function parseAuthValue(value: string, offset = 0): AuthValue {
  const sc = new Scanner(value, offset);
  sc.ws();
  const scheme = sc.token();
  const out: AuthValue = { scheme, params: new Map(), quoted: new Set() };
  if (sc.done) return out;
  if (!sc.ws()) sc.fail("expected LWS after auth scheme");
  let first = true;
  while (!sc.done) {
    if (!first) sc.expect(",", true);
    first = false;
    const name = sc.token().toLowerCase();
    sc.expect("=", true);
    if (sc.peek() === 0x22) {
      out.params.set(name, unquote(sc.quoted()));
      out.quoted.add(name);
    } else out.params.set(name, sc.need(VALUE, "auth-param value"));
    sc.ws();
  }
  return out;
}

/** Params that RFC 3261 / RFC 7616 define as token (never quoted): everything else is quoted. */
const UNQUOTED = new Set(["algorithm", "stale", "nc", "qop"]);

export function formatAuthValue(a: AuthValue): string {
  const parts: string[] = [];
  for (const [name, v] of a.params) {
    const mustQuote = a.quoted.has(name) || !UNQUOTED.has(name) || !isBare(v);
    parts.push(`${name}=${mustQuote ? quote(v) : v}`);
  }
  return parts.length ? `${a.scheme} ${parts.join(", ")}` : a.scheme;
}

function isBare(v: string): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) if (!isIn(VALUE, v.charCodeAt(i))) return false;
  return true;
}
