// Serialization: canonical start line, one "Name: value" line per header field in order, and a
// Content-Length recomputed from the body (RFC 3261 §7, §20.14).

import type { SipMessage } from "./message.ts";
import { formatUri } from "./uri.ts";

/** Header values never carry line breaks out: a CR or LF would inject a header (folded to SP). */
function clean(v: string): string {
  return /[\r\n]/.test(v) ? v.replace(/[\r\n]+/g, " ") : v;
}

export function startLine(msg: SipMessage): string {
  return msg.kind === "request"
    ? `${msg.method} ${formatUri(msg.uri)} ${msg.version}`
    : `${msg.version} ${msg.status} ${clean(msg.reason)}`;
}

export function serializeMessage(msg: SipMessage): Buffer {
  let head = `${startLine(msg)}\r\n`;
  let wroteLength = false;
  for (const h of msg.headers) {
    if (h.name === "Content-Length") {
      if (wroteLength) continue;
      wroteLength = true;
      head += `Content-Length: ${msg.body.length}\r\n`;
      continue;
    }
    head += `${h.name}: ${clean(h.value)}\r\n`;
  }
  // RFC 3261 §18.3 / §20.14: always send Content-Length (mandatory over streams).
  if (!wroteLength) head += `Content-Length: ${msg.body.length}\r\n`;
  head += "\r\n";
  return msg.body.length ? Buffer.concat([Buffer.from(head, "utf8"), msg.body]) : Buffer.from(head, "utf8");
}
