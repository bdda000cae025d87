// Typed accessors for the headers the stack uses. Each parses on demand and throws ParseError
// when the header is malformed; missing headers give undefined (or an empty list).
import { ParseError } from "../../base/index.ts";
import { type AuthValue, parseAuthValue } from "./auth.ts";
import { getHeader, getHeaders, getHeaderValues, type HeaderField } from "./message.ts";
import { type NameAddr, parseNameAddr, parseNameAddrList } from "./name-addr.ts";
import {
  type CSeq,
  type MediaType,
  parseAccept,
  parseCallId,
  parseCSeq,
  parseExpires,
  parseMaxForwards,
  parseMediaType,
  parseTokenList,
} from "./scalars.ts";
import { parseViaList, type Via } from "./via.ts";

type Msg = { headers: HeaderField[] };

function single(msg: Msg, name: string): string | undefined {
  const all = getHeaders(msg, name);
  if (all.length > 1) throw new ParseError(`${name} appears more than once`, 0);
  return all[0];
}

/** Every Via value, topmost first (a line may hold several). */
export function getVias(msg: Msg): Via[] {
  return getHeaders(msg, "Via").flatMap((v) => parseViaList(v));
}

export function getTopVia(msg: Msg): Via | undefined {
  const first = getHeader(msg, "Via");
  return first === undefined ? undefined : parseViaList(first)[0];
}

export function getCSeq(msg: Msg): CSeq | undefined {
  const v = single(msg, "CSeq");
  return v === undefined ? undefined : parseCSeq(v);
}

export function getCallId(msg: Msg): string | undefined {
  const v = single(msg, "Call-ID");
  return v === undefined ? undefined : parseCallId(v);
}

export function getFrom(msg: Msg): NameAddr | undefined {
  const v = single(msg, "From");
  return v === undefined ? undefined : parseNameAddr(v);
}

export function getTo(msg: Msg): NameAddr | undefined {
  const v = single(msg, "To");
  return v === undefined ? undefined : parseNameAddr(v);
}

export function getMaxForwards(msg: Msg): number | undefined {
  const v = single(msg, "Max-Forwards");
  return v === undefined ? undefined : parseMaxForwards(v);
}

export function getExpires(msg: Msg): number | undefined {
  const v = single(msg, "Expires");
  return v === undefined ? undefined : parseExpires(v);
}

/** Contact values, or "*" for the wildcard of a REGISTER (RFC 3261 §10.2.2, §20.10). */
export function getContacts(msg: Msg): NameAddr[] | "*" {
  const values = getHeaderValues(msg, "Contact");
  if (values.length === 1 && values[0] === "*") return "*";
  if (values.includes("*")) throw new ParseError("Contact * mixed with other values", 0);
  return values.map((v) => {
    if (v === "") throw new ParseError("empty Contact element", 0);
    return parseNameAddr(v);
  });
}

export function getRoutes(msg: Msg): NameAddr[] {
  return getHeaders(msg, "Route").flatMap((v) => parseNameAddrList(v));
}

export function getRecordRoutes(msg: Msg): NameAddr[] {
  return getHeaders(msg, "Record-Route").flatMap((v) => parseNameAddrList(v));
}

/** Allow, Supported, Require, Proxy-Require, Unsupported, Allow-Events... as tokens. */
export function getTokens(msg: Msg, name: string): string[] {
  return parseTokenList(getHeaderValues(msg, name));
}

export function getContentType(msg: Msg): MediaType | undefined {
  const v = single(msg, "Content-Type");
  return v === undefined ? undefined : parseMediaType(v);
}

export function getAccept(msg: Msg): MediaType[] | undefined {
  const values = getHeaderValues(msg, "Accept");
  return values.length === 0 && getHeader(msg, "Accept") === undefined ? undefined : parseAccept(values);
}

/** Authorization / Proxy-Authorization / WWW-Authenticate / Proxy-Authenticate, one per line. */
export function getAuthValues(msg: Msg, name: string): AuthValue[] {
  return getHeaders(msg, name).map((v) => parseAuthValue(v));
}
