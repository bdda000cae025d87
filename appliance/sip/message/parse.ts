// Parsing a whole SIP message from bytes (RFC 3261 §7, §25):
//
//   generic-message = start-line *message-header CRLF [ message-body ]
//   Request-Line    = Method SP Request-URI SP SIP-Version CRLF
//   Status-Line     = SIP-Version SP Status-Code SP Reason-Phrase CRLF
//   message-header  = field-name HCOLON field-value CRLF   (HCOLON = *( SP / HTAB ) ":" SWS)
//
// Structure only: the start line, the header lines (folding undone, compact names expanded),
// Content-Length and the body. Typed header values are parsed on access (accessors.ts) and
// checked by validateRequest/validateResponse, so a message with one bad header can still be
// answered. The head is decoded as UTF-8; error offsets are character offsets into it.
import { LimitExceededError, ParseError } from "../../base/index.ts";
import { isDigit, isToken, trimWs } from "./chars.ts";
import { canonicalHeaderName } from "./header-names.ts";
import { type ParseLimits, resolveLimits } from "./limits.ts";
import { getHeaders, type HeaderField, type SipMessage } from "./message.ts";
import { parseContentLength } from "./scalars.ts";
import { parseUri } from "./uri.ts";

export interface ParseOptions {
  limits?: Partial<ParseLimits>;
  /**
   * "datagram" (default): the body is the rest of the packet, or Content-Length octets of it
   * (RFC 3261 §18.3). "stream": the input is one framed message; a missing Content-Length
   * means an empty body.
   */
  framing?: "datagram" | "stream";
}

/** The framed start line and header fields of a message, before any body handling. */
export interface MessageHead {
  startLine: string;
  headers: HeaderField[];
  /** Byte offset of the body (just after the empty line). */
  bodyOffset: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits the head into the start line and unfolded header fields. Leading CRLFs are skipped
 * (RFC 3261 §7.5); bare LF line ends are tolerated.
 */
export function parseHead(bytes: Uint8Array, limits?: Partial<ParseLimits>): MessageHead {
  const lim = resolveLimits(limits);
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length > lim.maxMessageBytes)
    throw new LimitExceededError("maxMessageBytes", lim.maxMessageBytes, 0);
  let pos = 0;
  while (pos < buf.length && (buf[pos] === CR || buf[pos] === LF)) pos++; // RFC 3261 §7.5
  const headStart = pos;
  // Find the empty line that ends the head, checking physical line lengths on the way.
  let headEnd = -1;
  let bodyOffset = -1;
  while (pos < buf.length) {
    const lf = buf.indexOf(LF, pos);
    const lineEnd = lf < 0 ? buf.length : lf;
    const contentEnd = lineEnd > pos && buf[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    if (contentEnd - pos > lim.maxLineLength)
      throw new LimitExceededError("maxLineLength", lim.maxLineLength, pos);
    if (lf < 0) break;
    if (contentEnd === pos) {
      headEnd = pos;
      bodyOffset = lf + 1;
      break;
    }
    pos = lf + 1;
  }
  if (headEnd < 0) throw new ParseError("message head is not terminated by an empty line", buf.length);
  const text = buf.toString("utf8", headStart, headEnd);
  const lines = text.split("\n");
  const fields: HeaderField[] = [];
  let offset = 0;
  let startLine = "";
  let current: HeaderField | undefined;
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    const lineOffset = offset;
    offset += line.length + 1;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (n === lines.length - 1 && line === "") continue; // the terminator of the last line
    if (line.includes("\r")) throw new ParseError("bare CR in message head", lineOffset + line.indexOf("\r"));
    if (n === 0) {
      startLine = line;
      continue;
    }
    const c0 = line.charCodeAt(0);
    if (c0 === 0x20 || c0 === 0x09) {
      // RFC 3261 §7.3.1: a line starting with whitespace continues the previous header; the
      // folding (CRLF plus surrounding whitespace) is equivalent to a single SP.
      if (!current) throw new ParseError("continuation line before any header", lineOffset);
      const more = trimWs(line);
      if (more.length > 0) current.value = current.value.length ? `${current.value} ${more}` : more;
      if (current.value.length > lim.maxHeaderValueLength) {
        throw new LimitExceededError("maxHeaderValueLength", lim.maxHeaderValueLength, lineOffset);
      }
      continue;
    }
    const colon = line.indexOf(":");
    if (colon < 0) throw new ParseError("header line without colon", lineOffset);
    const name = trimWs(line.slice(0, colon));
    if (!isToken(name)) throw new ParseError("malformed header name", lineOffset);
    if (fields.length >= lim.maxHeaderCount)
      throw new LimitExceededError("maxHeaderCount", lim.maxHeaderCount, lineOffset);
    current = { name: canonicalHeaderName(name), value: trimWs(line.slice(colon + 1)) };
    if (current.value.length > lim.maxHeaderValueLength) {
      throw new LimitExceededError("maxHeaderValueLength", lim.maxHeaderValueLength, lineOffset);
    }
    fields.push(current);
  }
  return { startLine, headers: fields, bodyOffset };
}

const VERSION = /^SIP\/[0-9]{1,3}\.[0-9]{1,3}$/i;

/** Parses one message; throws ParseError (or its LimitExceededError) on malformed input. */
export function parseMessage(bytes: Uint8Array, options: ParseOptions = {}): SipMessage {
  const lim = resolveLimits(options.limits);
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const head = parseHead(buf, lim);
  const body = extractBody(buf, head, lim, options.framing ?? "datagram");
  const sl = head.startLine;
  if (/^SIP\//i.test(sl)) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
    const sp = sl.indexOf(" ");
    const version = sp < 0 ? sl : sl.slice(0, sp);
    if (!VERSION.test(version)) throw new ParseError("malformed SIP-Version", 0);
    const code = sl.slice(sp + 1, sp + 4);
    if (sp < 0 || code.length !== 3 || ![...code].every((c) => isDigit(c.charCodeAt(0)))) {
      throw new ParseError("malformed Status-Code", sp + 1); // RFC 4475 §3.1.2.19
    }
    const after = sl.charCodeAt(sp + 4);
    if (!Number.isNaN(after) && after !== 0x20) throw new ParseError("malformed Status-Code", sp + 4);
    const status = Number(code);
    if (status < 100 || status > 699) throw new ParseError("Status-Code out of range", sp + 1);
    return {
      kind: "response",
      version: version.toUpperCase(),
      status,
      reason: sl.slice(sp + 5),
      headers: head.headers,
      body,
    };
  }
  // Request-Line = Method SP Request-URI SP SIP-Version: exactly single SPs (RFC 4475 §3.1.2.9/10).
  const parts = sl.split(" ");
  if (parts.length !== 3) throw new ParseError("malformed Request-Line", 0);
  const [method, rawUri, version] = parts as [string, string, string];
  if (!isToken(method)) throw new ParseError("malformed Method", 0);
  if (!VERSION.test(version))
    throw new ParseError("malformed SIP-Version", method.length + rawUri.length + 2);
  const uri = parseUri(rawUri, method.length + 1);
  return { kind: "request", method, uri, version: version.toUpperCase(), headers: head.headers, body };
}

function extractBody(
  buf: Buffer,
  head: MessageHead,
  lim: ParseLimits,
  framing: "datagram" | "stream",
): Buffer {
  const available = buf.length - head.bodyOffset;
  const cls = getHeaders(head, "Content-Length");
  // RFC 3261 §7.3.1: Content-Length is not a list; two values leave the body's extent unknown
  // (RFC 4475 §3.3.9).
  if (cls.length > 1) throw new ParseError("multiple Content-Length header fields", head.bodyOffset);
  if (cls.length === 0) {
    // RFC 3261 §18.3: over UDP a missing Content-Length means the body runs to the end of the
    // datagram; over a stream it is mandatory, and we read its absence as an empty body.
    return framing === "datagram" ? Buffer.from(buf.subarray(head.bodyOffset)) : Buffer.alloc(0);
  }
  const length = parseContentLength(cls[0]!, lim.maxMessageBytes, head.bodyOffset);
  // RFC 3261 §18.3: a body shorter than Content-Length is an error; octets past it are discarded.
  if (length > available) throw new ParseError("Content-Length exceeds the message", buf.length);
  return Buffer.from(buf.subarray(head.bodyOffset, head.bodyOffset + length));
}
