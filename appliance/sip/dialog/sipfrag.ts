// message/sipfrag bodies (RFC 3420) as the REFER implicit subscription uses them (RFC 3515 §2.4.5):
// a status line, optionally followed by headers, e.g. "SIP/2.0 100 Trying".
import { ParseError } from "../../base/index.ts";
import { reasonPhrase } from "../message/index.ts";
import type { Body } from "./body.ts";

export const SIPFRAG = "message/sipfrag;version=2.0";

export interface SipfragStatus {
  status: number;
  reason: string;
}

export function sipfragBody(status: number, reason = reasonPhrase(status)): Body {
  return { contentType: SIPFRAG, body: Buffer.from(`SIP/2.0 ${status} ${reason}\r\n`, "utf8") };
}

/** The status line of a sipfrag body; throws ParseError when it does not start with one. */
export function parseSipfragStatus(body: Buffer): SipfragStatus {
  const text = body.toString("utf8");
  const line = text.split(/\r?\n/, 1)[0] ?? "";
  const m = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/i.exec(line.trim());
  if (!m) throw new ParseError("sipfrag without a status line", 0);
  return { status: Number(m[1]), reason: m[2] ?? "" };
}
