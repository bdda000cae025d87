// SIP, SIPS and tel URIs (RFC 3261 §19.1, §25.1; RFC 3966), and any other absoluteURI kept opaque.
//
//   SIP-URI  = "sip:" [ userinfo ] hostport uri-parameters [ headers ]
//   userinfo = ( user / telephone-subscriber ) [ ":" password ] "@"
//   hostport = host [ ":" port ];  host = hostname / IPv4address / IPv6reference
//   uri-parameters = *( ";" pname [ "=" pvalue ] );  headers = "?" header *( "&" header )
//
// Escaped octets (%XX) are decoded into characters U+0000..U+00FF, one per octet, so a parse /
// format round trip is lossless; formatting escapes whatever the component may not carry as is.
import { ParseError } from "../../base/index.ts";
import {
  HNVCHAR,
  HOSTCHAR,
  isAlpha,
  isDigit,
  isHex,
  isIn,
  PARAMCHAR,
  PASSWORD,
  SCHEMECHAR,
  URIC,
  USER,
} from "./chars.ts";

export type Params = Map<string, string | null>;

export interface SipUri {
  readonly type: "sip";
  scheme: "sip" | "sips";
  user?: string;
  password?: string;
  /** As written; IPv6 references keep their brackets. Compare case-insensitively. */
  host: string;
  port?: number;
  /** uri-parameters, names lower-cased, values decoded; null for a parameter without value. */
  params: Params;
  /** headers (?name=value&...), decoded, in order. */
  headers: Array<[string, string]>;
}

export interface TelUri {
  readonly type: "tel";
  scheme: "tel";
  /** global-number ("+" digits) or local-number, visual separators kept. */
  number: string;
  params: Params;
}

/** Any other absoluteURI (RFC 3261 §25.1 absoluteURI): scheme and opaque remainder. */
export interface AbsoluteUri {
  readonly type: "absolute";
  /** Lower-cased scheme. */
  scheme: string;
  /** Everything after "scheme:", raw. */
  value: string;
}

export type Uri = SipUri | TelUri | AbsoluteUri;

/** Parses a complete URI; offset is added to ParseError offsets. */
export function parseUri(text: string, offset = 0): Uri {
  let i = 0;
  if (!isAlpha(text.charCodeAt(0))) throw new ParseError("URI scheme must start with a letter", offset);
  while (i < text.length && isIn(SCHEMECHAR, text.charCodeAt(i))) i++;
  if (text[i] !== ":") throw new ParseError("expected ':' after URI scheme", offset + i);
  const scheme = text.slice(0, i).toLowerCase();
  const rest = text.slice(i + 1);
  const restOffset = offset + i + 1;
  if (scheme === "sip" || scheme === "sips") return parseSipUri(scheme, rest, restOffset);
  if (scheme === "tel") return parseTelUri(rest, restOffset);
  if (rest.length === 0) throw new ParseError("empty URI", restOffset);
  for (let j = 0; j < rest.length; j++) {
    const c = rest.charCodeAt(j);
    if (c === 0x25) {
      if (!isHex(rest.charCodeAt(j + 1)) || !isHex(rest.charCodeAt(j + 2))) {
        throw new ParseError("bad escape in URI", restOffset + j);
      }
    } else if (!isIn(URIC, c)) throw new ParseError("invalid character in URI", restOffset + j);
  }
  return { type: "absolute", scheme, value: rest };
}

/** Decodes %XX escapes of s, which may contain only chars of table t and escapes. */
function unescapeIn(s: string, t: Uint8Array, offset: number, what: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      if (!isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) {
        throw new ParseError(`bad escape in ${what}`, offset + i);
      }
      out += String.fromCharCode(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (isIn(t, c)) out += s[i];
    else throw new ParseError(`invalid character in ${what}`, offset + i);
  }
  return out;
}

/** Escapes every character of s outside table t (RFC 3261 §19.1.2: escaped = "%" HEXDIG HEXDIG). */
export function escapeIn(s: string, t: Uint8Array): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isIn(t, c)) out += s[i];
    else if (c < 0x100) out += `%${c.toString(16).toUpperCase().padStart(2, "0")}`;
    else for (const b of Buffer.from(s[i]!, "utf8")) out += `%${b.toString(16).toUpperCase()}`;
  }
  return out;
}

function parseSipUri(scheme: "sip" | "sips", s: string, offset: number): SipUri {
  const uri: SipUri = { type: "sip", scheme, host: "", params: new Map(), headers: [] };
  // '@' cannot appear unescaped in host, params or headers, so one indexOf finds the userinfo.
  let i = 0;
  const at = s.indexOf("@");
  if (at >= 0) {
    const userinfo = s.slice(0, at);
    const colon = userinfo.indexOf(":");
    const user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    if (user.length === 0) throw new ParseError("empty user in URI", offset);
    uri.user = unescapeIn(user, USER, offset, "URI user");
    if (colon >= 0)
      uri.password = unescapeIn(userinfo.slice(colon + 1), PASSWORD, offset + colon + 1, "password");
    i = at + 1;
  }
  // host
  if (s[i] === "[") {
    const close = s.indexOf("]", i);
    if (close < 0) throw new ParseError("unterminated IPv6 reference", offset + i);
    const v6 = s.slice(i + 1, close);
    if (!isIpv6(v6)) throw new ParseError("invalid IPv6 reference", offset + i);
    uri.host = s.slice(i, close + 1);
    i = close + 1;
  } else {
    const start = i;
    while (i < s.length && isIn(HOSTCHAR, s.charCodeAt(i))) i++;
    if (i === start) throw new ParseError("expected host in URI", offset + i);
    uri.host = s.slice(start, i);
  }
  if (s[i] === ":") {
    const start = ++i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    uri.port = parsePort(s.slice(start, i), offset + start);
  }
  // uri-parameters
  while (s[i] === ";") {
    const start = ++i;
    while (i < s.length && s[i] !== ";" && s[i] !== "?") i++;
    const p = s.slice(start, i);
    const eq = p.indexOf("=");
    const rawName = eq >= 0 ? p.slice(0, eq) : p;
    if (rawName.length === 0) throw new ParseError("empty URI parameter", offset + start);
    const name = unescapeIn(rawName, PARAMCHAR, offset + start, "URI parameter").toLowerCase();
    const value =
      eq >= 0 ? unescapeIn(p.slice(eq + 1), PARAMCHAR, offset + start + eq + 1, "URI parameter") : null;
    if (value === "") throw new ParseError("empty URI parameter value", offset + start);
    uri.params.set(name, value);
  }
  if (s[i] === "?") {
    i++;
    for (const h of s.slice(i).split("&")) {
      const eq = h.indexOf("=");
      if (eq <= 0) throw new ParseError("bad URI header", offset + i);
      uri.headers.push([
        unescapeIn(h.slice(0, eq), HNVCHAR, offset + i, "URI header"),
        eq + 1 < h.length ? unescapeIn(h.slice(eq + 1), HNVCHAR, offset + i + eq + 1, "URI header") : "",
      ]);
      i += h.length + 1;
    }
    i = s.length;
  }
  if (i !== s.length) throw new ParseError("unexpected character in SIP URI", offset + i);
  return uri;
}

function parsePort(digits: string, offset: number): number {
  if (digits.length === 0 || digits.length > 5) throw new ParseError("bad port", offset);
  const port = Number(digits);
  if (port > 65535) throw new ParseError("port out of range", offset);
  return port;
}

/** IPv6 address (RFC 3261 §25.1 IPv6address, with an optional embedded IPv4 tail). */
export function isIpv6(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false;
  const dbl = s.indexOf("::");
  if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) return false;
  const groups = s.split(":");
  let count = 0;
  for (let g = 0; g < groups.length; g++) {
    const part = groups[g]!;
    if (part === "") continue;
    if (g === groups.length - 1 && part.includes(".")) {
      if (!isIpv4(part)) return false;
      count += 2;
      continue;
    }
    if (part.length > 4) return false;
    for (let k = 0; k < part.length; k++) if (!isHex(part.charCodeAt(k))) return false;
    count++;
  }
  return dbl >= 0 ? count < 8 : count === 8;
}

export function isIpv4(s: string): boolean {
  const parts = s.split(".");
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return false;
    for (let k = 0; k < p.length; k++) if (!isDigit(p.charCodeAt(k))) return false;
    if (Number(p) > 255) return false;
  }
  return true;
}

const TEL_NUMBER = new Uint8Array(128);
for (const c of "0123456789abcdefABCDEF*#+-.()") TEL_NUMBER[c.charCodeAt(0)] = 1;

function parseTelUri(s: string, offset: number): TelUri {
  let i = 0;
  while (i < s.length && isIn(TEL_NUMBER, s.charCodeAt(i))) i++;
  if (i === 0) throw new ParseError("expected telephone number", offset);
  const uri: TelUri = { type: "tel", scheme: "tel", number: s.slice(0, i), params: new Map() };
  while (s[i] === ";") {
    const start = ++i;
    while (i < s.length && s[i] !== ";") i++;
    const p = s.slice(start, i);
    const eq = p.indexOf("=");
    const rawName = eq >= 0 ? p.slice(0, eq) : p;
    if (rawName.length === 0) throw new ParseError("empty tel parameter", offset + start);
    uri.params.set(
      unescapeIn(rawName, PARAMCHAR, offset + start, "tel parameter").toLowerCase(),
      eq >= 0 ? unescapeIn(p.slice(eq + 1), PARAMCHAR, offset + start + eq + 1, "tel parameter") : null,
    );
  }
  if (i !== s.length) throw new ParseError("unexpected character in tel URI", offset + i);
  return uri;
}

/** Canonical text of a URI (escapes re-applied, parameter names lower-case). */
export function formatUri(uri: Uri): string {
  if (uri.type === "absolute") return `${uri.scheme}:${uri.value}`;
  if (uri.type === "tel") return `tel:${uri.number}${formatUriParams(uri.params)}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined) {
    out += escapeIn(uri.user, USER);
    if (uri.password !== undefined) out += `:${escapeIn(uri.password, PASSWORD)}`;
    out += "@";
  }
  out += uri.host;
  if (uri.port !== undefined) out += `:${uri.port}`;
  out += formatUriParams(uri.params);
  if (uri.headers.length > 0) {
    out += `?${uri.headers.map(([n, v]) => `${escapeIn(n, HNVCHAR)}=${escapeIn(v, HNVCHAR)}`).join("&")}`;
  }
  return out;
}

function formatUriParams(params: Params): string {
  let out = "";
  for (const [n, v] of params)
    out += v === null ? `;${escapeIn(n, PARAMCHAR)}` : `;${escapeIn(n, PARAMCHAR)}=${escapeIn(v, PARAMCHAR)}`;
  return out;
}

/** Builds a SIP URI from parts. */
export function sipUri(
  host: string,
  opts: {
    user?: string;
    port?: number;
    scheme?: "sip" | "sips";
    params?: Record<string, string | null>;
  } = {},
): SipUri {
  const uri: SipUri = {
    type: "sip",
    scheme: opts.scheme ?? "sip",
    host,
    params: new Map(Object.entries(opts.params ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    headers: [],
  };
  if (opts.user !== undefined) uri.user = opts.user;
  if (opts.port !== undefined) uri.port = opts.port;
  return uri;
}

const SIGNIFICANT_PARAMS = ["user", "ttl", "method", "maddr", "transport"];

/** URI equality of RFC 3261 §19.1.4 for SIP/SIPS; exact comparison for other schemes. */
export function uriEquals(a: Uri, b: Uri): boolean {
  if (a.type !== b.type || a.scheme !== b.scheme) return false;
  if (a.type === "absolute" && b.type === "absolute") return a.value === b.value;
  if (a.type === "tel" && b.type === "tel") {
    return (
      a.number.replace(/[-.()]/g, "") === b.number.replace(/[-.()]/g, "") &&
      paramsEqual(a.params, b.params, [])
    );
  }
  if (a.type !== "sip" || b.type !== "sip") return false;
  if (a.user !== b.user || a.password !== b.password) return false; // userinfo is case-sensitive
  if (a.host.toLowerCase() !== b.host.toLowerCase() || a.port !== b.port) return false;
  if (!paramsEqual(a.params, b.params, SIGNIFICANT_PARAMS)) return false;
  // Headers must match in both directions, order-independently.
  if (a.headers.length !== b.headers.length) return false;
  const hb = b.headers.map(([n, v]) => `${n.toLowerCase()}=${v}`).sort();
  return a.headers
    .map(([n, v]) => `${n.toLowerCase()}=${v}`)
    .sort()
    .every((x, i) => x === hb[i]);
}

function paramsEqual(a: Params, b: Params, mustMatch: string[]): boolean {
  for (const name of mustMatch) if (a.has(name) !== b.has(name)) return false;
  for (const [name, va] of a) {
    if (!b.has(name)) continue;
    const vb = b.get(name);
    if ((va ?? "").toLowerCase() !== (vb ?? "").toLowerCase()) return false;
  }
  return true;
}
