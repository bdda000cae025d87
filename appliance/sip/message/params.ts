// Header parameters: *( SEMI generic-param ), generic-param = token [ EQUAL gen-value ],
// gen-value = token / host / quoted-string (RFC 3261 §25.1). Names are case-insensitive and kept
// lower-case; values are kept raw (a quoted value keeps its quotes, see unquote()).
import { isIn, TOKEN } from "./chars.ts";
import type { Scanner } from "./scanner.ts";
import type { Params } from "./uri.ts";

const GEN_VALUE = new Uint8Array(128);
for (let i = 0; i < 128; i++) GEN_VALUE[i] = TOKEN[i]!;
for (const c of ":[]") GEN_VALUE[c.charCodeAt(0)] = 1; // host = hostname / IPv4 / IPv6reference

/** Parses parameters until something other than ";" follows; leaves the scanner there. */
export function parseParams(sc: Scanner, into: Params = new Map()): Params {
  while (sc.eat(";", true)) {
    const name = sc.token().toLowerCase();
    let value: string | null = null;
    if (sc.eat("=", true)) {
      value = sc.peek() === 0x22 ? sc.quoted() : sc.need(GEN_VALUE, "parameter value");
    }
    into.set(name, value);
  }
  return into;
}

export function formatParams(params: Params): string {
  let out = "";
  for (const [n, v] of params) out += v === null ? `;${n}` : `;${n}=${v}`;
  return out;
}

/** True if s can be written as a bare gen-value (else it needs quoting). */
export function isGenValue(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isIn(GEN_VALUE, s.charCodeAt(i))) return false;
  return true;
}
