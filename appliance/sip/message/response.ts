// Building responses to requests (RFC 3261 §8.2.6), including to requests too malformed to
// parse fully, so the transport can still answer 400 where the essential headers are readable.

import type { SipFailure } from "../../base/index.ts";
import { isToken, trimWs } from "./chars.ts";
import { canonicalHeaderName } from "./header-names.ts";
import { type ParseLimits, resolveLimits } from "./limits.ts";
import { getHeaders, type HeaderField, SIP_VERSION, type SipRequest, type SipResponse } from "./message.ts";

/** Reason phrases of RFC 3261 §21 and common extensions. */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: "Trying",
  180: "Ringing",
  181: "Call Is Being Forwarded",
  182: "Queued",
  183: "Session Progress",
  200: "OK",
  202: "Accepted",
  300: "Multiple Choices",
  301: "Moved Permanently",
  302: "Moved Temporarily",
  305: "Use Proxy",
  380: "Alternative Service",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  410: "Gone",
  413: "Request Entity Too Large",
  414: "Request-URI Too Long",
  415: "Unsupported Media Type",
  416: "Unsupported URI Scheme",
  420: "Bad Extension",
  421: "Extension Required",
  423: "Interval Too Brief",
  480: "Temporarily Unavailable",
  481: "Call/Transaction Does Not Exist",
  482: "Loop Detected",
  483: "Too Many Hops",
  484: "Address Incomplete",
  485: "Ambiguous",
  486: "Busy Here",
  487: "Request Terminated",
  488: "Not Acceptable Here",
  491: "Request Pending",
  493: "Undecipherable",
  500: "Server Internal Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Server Time-out",
  505: "Version Not Supported",
  513: "Message Too Large",
  600: "Busy Everywhere",
  603: "Decline",
  604: "Does Not Exist Anywhere",
  606: "Not Acceptable",
  607: "Unwanted",
  608: "Rejected",
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? (status < 200 ? "Provisional" : status < 300 ? "OK" : "Error");
}

export interface ResponseOptions {
  reason?: string;
  /** To tag to add when the request's To has none (RFC 3261 §8.2.6.2); not added to 100. */
  toTag?: string;
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: Buffer;
}

/** The header fields a response copies from its request, in order (RFC 3261 §8.2.6.2). */
const COPIED = new Set(["Via", "From", "To", "Call-ID", "CSeq"]);

function responseFrom(fields: HeaderField[], status: number, opts: ResponseOptions): SipResponse {
  const headers: HeaderField[] = [];
  for (const h of fields) {
    if (!COPIED.has(h.name)) continue;
    let value = h.value;
    // RFC 3261 §8.2.6.2: add a To tag unless one is present (not to 100 Trying, §8.2.6.1).
    if (h.name === "To" && status > 100 && opts.toTag && !/;\s*tag\s*=/i.test(value))
      value += `;tag=${opts.toTag}`;
    headers.push({ name: h.name, value });
  }
  // RFC 3261 §8.2.6.1: a 100 Trying copies the Timestamp header.
  if (status === 100)
    for (const v of getHeaders({ headers: fields }, "Timestamp"))
      headers.push({ name: "Timestamp", value: v });
  for (const [name, value] of opts.headers ?? []) headers.push({ name, value });
  return {
    kind: "response",
    version: SIP_VERSION,
    status,
    reason: opts.reason ?? reasonPhrase(status),
    headers,
    body: opts.body ?? Buffer.alloc(0),
  };
}

/** A response to req: Via, From, To, Call-ID and CSeq copied (RFC 3261 §8.2.6.2). */
export function createResponse(req: SipRequest, status: number, opts: ResponseOptions = {}): SipResponse {
  return responseFrom(req.headers, status, opts);
}

/** The response that a SipFailure thrown while handling req stands for. */
export function responseForFailure(req: SipRequest, failure: SipFailure, toTag?: string): SipResponse {
  return createResponse(req, failure.status, {
    reason: failure.reason,
    headers: failure.headers,
    ...(toTag ? { toTag } : {}),
  });
}

/**
 * A 400 (or other status) answer to bytes that failed to parse, when they still frame as a
 * request with Via, From, To, Call-ID and CSeq; undefined when there is nothing to answer
 * (a response, or the essential headers are missing). Values are copied verbatim.
 */
export function replyToUnparsable(
  bytes: Uint8Array,
  reason: string,
  opts: { status?: number; toTag?: string; limits?: Partial<ParseLimits> } = {},
): SipResponse | undefined {
  const lim = resolveLimits(opts.limits);
  const head = lenientHead(
    Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, lim.maxMessageBytes)),
  );
  if (!head || /^SIP\//i.test(head.startLine)) return undefined; // never answer a response
  const fields = head.fields;
  for (const name of COPIED) {
    if (getHeaders({ headers: fields }, name).length === 0) return undefined;
  }
  const o: ResponseOptions = { reason: sanitizeReason(reason) };
  if (opts.toTag) o.toTag = opts.toTag;
  return responseFrom(fields, opts.status ?? 400, o);
}

/** Reason-Phrase must stay on one line and printable. */
function sanitizeReason(reason: string): string {
  return reason.replace(/[\x00-\x1f\x7f]+/g, " ").slice(0, 120);
}

/**
 * The start line and the well-formed header lines of a message that failed to parse: malformed
 * lines are skipped, so a 400 can still copy Via, From, To, Call-ID and CSeq.
 */
function lenientHead(buf: Buffer): { startLine: string; fields: HeaderField[] } | undefined {
  const text = buf.toString("utf8");
  let end = text.search(/\r?\n\r?\n/);
  if (end < 0) end = text.length;
  const lines = text
    .slice(0, end)
    .replace(/^[\r\n]+/, "")
    .split("\n");
  const startLine = trimWs((lines[0] ?? "").replace(/\r$/, ""));
  if (!startLine) return undefined;
  const fields: HeaderField[] = [];
  let current: HeaderField | undefined;
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!.replace(/\r$/, "");
    const c0 = line.charCodeAt(0);
    if (c0 === 0x20 || c0 === 0x09) {
      if (current) current.value = trimWs(`${current.value} ${trimWs(line)}`);
      continue;
    }
    current = undefined;
    const colon = line.indexOf(":");
    const name = colon > 0 ? trimWs(line.slice(0, colon)) : "";
    if (!isToken(name) || /[\r\x00]/.test(line)) continue;
    current = { name: canonicalHeaderName(name), value: trimWs(line.slice(colon + 1)) };
    fields.push(current);
  }
  return { startLine, fields };
}
