// The SIP message model (RFC 3261 §7): a start line, header fields kept in arrival order (so a
// proxy forwards them untouched), and a body of raw bytes (multipart bodies pass through as is).

import { canonicalHeaderName, isListHeader } from "./header-names.ts";
import { splitList } from "./split.ts";
import type { Uri } from "./uri.ts";

export interface HeaderField {
  /** Canonical name (compact form expanded); see canonicalHeaderName. */
  name: string;
  /** The value with folding undone and surrounding whitespace removed. */
  value: string;
}

export interface SipRequest {
  readonly kind: "request";
  method: string;
  uri: Uri;
  /** "SIP/2.0" (upper-cased); other versions parse so the UAS can answer 505. */
  version: string;
  headers: HeaderField[];
  body: Buffer;
}

export interface SipResponse {
  readonly kind: "response";
  version: string;
  status: number;
  reason: string;
  headers: HeaderField[];
  body: Buffer;
}

export type SipMessage = SipRequest | SipResponse;

export const SIP_VERSION = "SIP/2.0";

function same(a: string, b: string): boolean {
  return a.length === b.length && a.toLowerCase() === b.toLowerCase();
}

/** The value of the first header field called name (any spelling or compact form). */
export function getHeader(msg: { headers: HeaderField[] }, name: string): string | undefined {
  const n = canonicalHeaderName(name);
  for (const h of msg.headers) if (same(h.name, n)) return h.value;
  return undefined;
}

/** The values of every header field line called name, in order. */
export function getHeaders(msg: { headers: HeaderField[] }, name: string): string[] {
  const n = canonicalHeaderName(name);
  const out: string[] = [];
  for (const h of msg.headers) if (same(h.name, n)) out.push(h.value);
  return out;
}

/**
 * Every element of a header, across lines, with list headers split at top-level commas
 * (RFC 3261 §7.3.1: multiple lines are equivalent to one comma-separated line).
 */
export function getHeaderValues(msg: { headers: HeaderField[] }, name: string): string[] {
  const lines = getHeaders(msg, name);
  if (!isListHeader(canonicalHeaderName(name))) return lines;
  const out: string[] = [];
  for (const line of lines) for (const v of splitList(line)) out.push(v);
  return out;
}

export function hasHeader(msg: { headers: HeaderField[] }, name: string): boolean {
  return getHeader(msg, name) !== undefined;
}

/** Appends a header field (or prepends it with first: true, as a proxy does with Via). */
export function addHeader(msg: { headers: HeaderField[] }, name: string, value: string, first = false): void {
  const h = { name: canonicalHeaderName(name), value };
  if (first) msg.headers.unshift(h);
  else msg.headers.push(h);
}

/** Replaces every field called name by one field, at the position of the first (or the end). */
export function setHeader(msg: { headers: HeaderField[] }, name: string, value: string): void {
  const n = canonicalHeaderName(name);
  const idx = msg.headers.findIndex((h) => same(h.name, n));
  removeHeader(msg, n);
  const h = { name: n, value };
  if (idx < 0) msg.headers.push(h);
  else msg.headers.splice(idx, 0, h);
}

/** Removes every field called name; returns how many were removed. */
export function removeHeader(msg: { headers: HeaderField[] }, name: string): number {
  const n = canonicalHeaderName(name);
  const before = msg.headers.length;
  msg.headers = msg.headers.filter((h) => !same(h.name, n));
  return before - msg.headers.length;
}

/** A deep-enough copy to mutate headers without touching the original (URI objects are shared). */
export function cloneMessage<M extends SipMessage>(msg: M): M {
  return { ...msg, headers: msg.headers.map((h) => ({ ...h })) };
}
