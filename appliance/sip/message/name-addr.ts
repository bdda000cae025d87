// name-addr / addr-spec with header parameters: From, To, Contact, Route, Record-Route, Reply-To,
// Refer-To, P-Asserted-Identity... (RFC 3261 §20.10, §25.1):
//   name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT    (LAQUOT = SWS "<", RAQUOT = ">" SWS)
//   display-name = *(token LWS) / quoted-string
// Without <>, the URI ends at the first ";" (those parameters belong to the header) and must
// not contain "," "?" or ";" itself (RFC 3261 §20.10).
import { ParseError } from "../../base/index.ts";
import { isIn, isWs, TOKEN } from "./chars.ts";
import { formatParams, parseParams } from "./params.ts";
import { quote, Scanner, unquote } from "./scanner.ts";
import { splitList } from "./split.ts";
import { formatUri, type Params, parseUri, type Uri } from "./uri.ts";

export interface NameAddr {
  /** Display name, unquoted (quoted-pair escapes removed). */
  displayName?: string;
  uri: Uri;
  /** Header parameters (tag, expires, q, ...), names lower-cased, values raw. */
  params: Params;
}

export function parseNameAddr(value: string, offset = 0): NameAddr {
  const sc = new Scanner(value, offset);
  sc.ws();
  let displayName: string | undefined;
  const c = sc.peek();
  let angled = false;
  if (c === 0x22) {
    displayName = unquote(sc.quoted());
    sc.ws();
    angled = true;
  } else if (c !== 0x3c) {
    // Either a token display-name followed by "<", or a bare addr-spec: look for "<" first.
    const save = sc.pos;
    const words: string[] = [];
    while (isIn(TOKEN, sc.peek())) {
      words.push(sc.token());
      sc.ws();
    }
    if (sc.peek() === 0x3c && words.length > 0) {
      displayName = words.join(" ");
      angled = true;
    } else sc.pos = save;
  } else angled = true;
  let uri: Uri;
  if (angled) {
    sc.expect("<");
    const start = sc.pos;
    const close = value.indexOf(">", start);
    if (close < 0) sc.fail("expected '>'");
    const text = value.slice(start, close);
    // RFC 3261 §25.1: no whitespace is allowed just inside the angle brackets (RFC 4475 §3.1.2.14).
    if (text.length === 0 || isWs(text.charCodeAt(0)) || isWs(text.charCodeAt(text.length - 1))) {
      sc.fail("whitespace inside <>");
    }
    uri = parseUri(text, offset + start);
    sc.pos = close + 1;
  } else {
    const start = sc.pos;
    while (!sc.done && sc.peek() !== 0x3b && !isWs(sc.peek())) sc.pos++;
    const text = value.slice(start, sc.pos);
    // RFC 3261 §20.10: a URI containing "," "?" or ";" MUST be enclosed in <> (RFC 4475 §3.1.2.13).
    if (text.includes("?") || text.includes(","))
      throw new ParseError("addr-spec with ? or , needs <>", offset + start);
    uri = parseUri(text, offset + start);
  }
  const params = parseParams(sc);
  sc.end();
  const na: NameAddr = { uri, params };
  if (displayName !== undefined) na.displayName = displayName;
  return na;
}

/** Parses a comma-separated list of name-addr / addr-spec values (Contact, Route, ...). */
export function parseNameAddrList(value: string, offset = 0): NameAddr[] {
  return splitList(value).map((v) => {
    if (v.length === 0) throw new ParseError("empty list element", offset);
    return parseNameAddr(v, offset);
  });
}

/** Always the name-addr form with <> (valid whatever the URI contains). */
export function formatNameAddr(na: NameAddr): string {
  const dn = na.displayName !== undefined && na.displayName !== "" ? `${quote(na.displayName)} ` : "";
  return `${dn}<${formatUri(na.uri)}>${formatParams(na.params)}`;
}

export function getTag(na: NameAddr): string | undefined {
  return na.params.get("tag") ?? undefined;
}
