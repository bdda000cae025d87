// Single-valued header grammars: CSeq, Max-Forwards, Content-Length, Expires, Call-ID,
// Content-Type and token lists (RFC 3261 §20, §25.1).
import { ParseError } from "../../base/index.ts";
import { isDigits, isToken, trimWs, WORD } from "./chars.ts";
import { parseParams } from "./params.ts";
import { Scanner } from "./scanner.ts";
import type { Params } from "./uri.ts";

export interface CSeq {
  seq: number;
  method: string;
}

/** delta-seconds / CSeq numbers: 1*DIGIT bounded by max (leading zeros allowed, RFC 4475 §3.1.1.1). */
export function parseBoundedInt(value: string, max: number, what: string, offset = 0): number {
  const v = trimWs(value);
  if (!isDigits(v)) throw new ParseError(`${what} must be digits`, offset);
  let i = 0;
  while (i < v.length - 1 && v[i] === "0") i++;
  // Compare lengths first so a 100-digit value never becomes a float (RFC 4475 §3.1.2.4).
  if (v.length - i > String(max).length || Number(v.slice(i)) > max) {
    throw new ParseError(`${what} out of range`, offset);
  }
  return Number(v.slice(i));
}

/** CSeq = 1*DIGIT LWS Method; the number MUST be less than 2**31 (RFC 3261 §8.1.1.5). */
export function parseCSeq(value: string, offset = 0): CSeq {
  const sc = new Scanner(value, offset);
  sc.ws();
  const start = sc.pos;
  while (!sc.done && !(sc.peek() === 0x20 || sc.peek() === 0x09)) sc.pos++;
  const seq = parseBoundedInt(value.slice(start, sc.pos), 2 ** 31 - 1, "CSeq number", offset + start);
  if (!sc.ws()) sc.fail("expected LWS in CSeq");
  const method = sc.token();
  sc.end();
  return { seq, method };
}

export function formatCSeq(c: CSeq): string {
  return `${c.seq} ${c.method}`;
}

/** Max-Forwards: an integer 0-255 (RFC 3261 §20.22). */
export function parseMaxForwards(value: string, offset = 0): number {
  return parseBoundedInt(value, 255, "Max-Forwards", offset);
}

/** Content-Length = 1*DIGIT (RFC 3261 §20.14), bounded by the caller's maximum message size. */
export function parseContentLength(value: string, max: number, offset = 0): number {
  return parseBoundedInt(value, max, "Content-Length", offset);
}

/** Expires / Min-Expires / expires param: delta-seconds up to 2**32-1 (RFC 3261 §20.19, §25.1). */
export function parseExpires(value: string, offset = 0): number {
  return parseBoundedInt(value, 2 ** 32 - 1, "Expires", offset);
}

/** Call-ID = word [ "@" word ] (RFC 3261 §20.8). */
export function parseCallId(value: string, offset = 0): string {
  const v = trimWs(value);
  const at = v.indexOf("@");
  const ok = (w: string): boolean => {
    if (w.length === 0) return false;
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      if (c >= 128 || WORD[c] !== 1) return false;
    }
    return true;
  };
  if (at >= 0 ? !(ok(v.slice(0, at)) && ok(v.slice(at + 1))) : !ok(v)) {
    throw new ParseError("malformed Call-ID", offset);
  }
  return v;
}

/** Comma-separated tokens (Allow, Supported, Require, Proxy-Require, Unsupported); empty items skipped. */
export function parseTokenList(values: string[], offset = 0): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (v === "") continue;
    if (!isToken(v)) throw new ParseError(`malformed token "${v}"`, offset);
    out.push(v);
  }
  return out;
}

export interface MediaType {
  /** Lower-cased type and subtype. */
  type: string;
  subtype: string;
  params: Params;
}

/** media-type = m-type SLASH m-subtype *(SEMI m-parameter) (RFC 3261 §20.15, §25.1). */
export function parseMediaType(value: string, offset = 0): MediaType {
  const sc = new Scanner(value, offset);
  sc.ws();
  const type = sc.token().toLowerCase();
  sc.expect("/", true);
  const subtype = sc.token().toLowerCase();
  const params = parseParams(sc);
  sc.end();
  return { type, subtype, params };
}

/** Accept entries (media-range): type/subtype with * wildcards, plus parameters. */
export function parseAccept(values: string[], offset = 0): MediaType[] {
  return values.filter((v) => v !== "").map((v) => parseMediaType(v, offset));
}

/** True if the media range (which may use *) covers type/subtype. */
export function mediaRangeMatches(range: MediaType, type: string, subtype: string): boolean {
  return (range.type === "*" || range.type === type) && (range.subtype === "*" || range.subtype === subtype);
}
