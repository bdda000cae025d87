// Requests the transaction layer builds itself: the ACK for a non-2xx final response
// (RFC 3261 §17.1.1.3), and CANCEL (RFC 3261 §9.1), which must share the INVITE's branch.

import { ParseError } from "../../base/index.ts";
import {
  formatCSeq,
  getCSeq,
  getHeader,
  getHeaders,
  type HeaderField,
  SIP_VERSION,
  type SipRequest,
  type SipResponse,
  splitList,
} from "../message/index.ts";

function cseqOf(req: SipRequest): number {
  const c = getCSeq(req);
  if (!c) throw new ParseError("request without CSeq", 0);
  return c.seq;
}

/**
 * RFC 3261 §17.1.1.3: same Request-URI, Call-ID, From and CSeq number as the INVITE, To from the
 * response (with its tag), one Via equal to the INVITE's top Via, the INVITE's Route headers,
 * CSeq method ACK, no body.
 */
export function createAckForNon2xx(invite: SipRequest, response: SipResponse): SipRequest {
  const headers: HeaderField[] = [];
  const via = getHeaders(invite, "Via")[0];
  if (via !== undefined) headers.push({ name: "Via", value: splitList(via)[0]! });
  headers.push({ name: "Max-Forwards", value: getHeader(invite, "Max-Forwards") ?? "70" });
  for (const name of ["From", "Call-ID"]) {
    const v = getHeader(invite, name);
    if (v !== undefined) headers.push({ name, value: v });
  }
  const to = getHeader(response, "To") ?? getHeader(invite, "To");
  if (to !== undefined) headers.push({ name: "To", value: to });
  headers.push({ name: "CSeq", value: formatCSeq({ seq: cseqOf(invite), method: "ACK" }) });
  for (const r of getHeaders(invite, "Route")) headers.push({ name: "Route", value: r });
  return {
    kind: "request",
    method: "ACK",
    uri: invite.uri,
    version: SIP_VERSION,
    headers,
    body: Buffer.alloc(0),
  };
}

/**
 * RFC 3261 §9.1: CANCEL carries the Request-URI, Call-ID, To, From and CSeq number of the request
 * it cancels, a single Via equal to its top Via (same branch), and its Route headers.
 */
export function createCancel(req: SipRequest): SipRequest {
  const headers: HeaderField[] = [];
  const via = getHeaders(req, "Via")[0];
  if (via !== undefined) headers.push({ name: "Via", value: splitList(via)[0]! });
  headers.push({ name: "Max-Forwards", value: "70" });
  for (const name of ["From", "To", "Call-ID"]) {
    const v = getHeader(req, name);
    if (v !== undefined) headers.push({ name, value: v });
  }
  headers.push({ name: "CSeq", value: formatCSeq({ seq: cseqOf(req), method: "CANCEL" }) });
  for (const r of getHeaders(req, "Route")) headers.push({ name: "Route", value: r });
  return {
    kind: "request",
    method: "CANCEL",
    uri: req.uri,
    version: SIP_VERSION,
    headers,
    body: Buffer.alloc(0),
  };
}
