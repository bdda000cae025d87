// Transaction matching keys.
//   Client (RFC 3261 §17.1.3): the branch of the top Via, and the CSeq method.
//   Server (RFC 3261 §17.2.3): branch + sent-by of the top Via + method (ACK matches INVITE)
//     when the branch starts with the magic cookie; otherwise the RFC 2543 rules: Request-URI,
//     To tag, From tag, Call-ID, CSeq and top Via all equal, and for an ACK the To tag of the
//     response the server transaction sent.
import { MAGIC_COOKIE, ParseError } from "../../base/index.ts";
import {
  type CSeq,
  formatUri,
  formatVia,
  getCallId,
  getCSeq,
  getFrom,
  getTo,
  getTopVia,
  type SipRequest,
  type SipResponse,
  type Via,
  viaBranch,
  viaSentBy,
} from "../message/index.ts";

/** A branch this layer may key on: the cookie plus something (RFC 4475 §3.2.1: the bare cookie is not). */
export function isRfc3261Branch(branch: string | undefined): branch is string {
  return branch !== undefined && branch.length > MAGIC_COOKIE.length && branch.startsWith(MAGIC_COOKIE);
}

export function clientKey(branch: string, method: string): string {
  return `c\u0000${branch}\u0000${method}`;
}

/** The key of the client transaction a response belongs to, or undefined if it has none. */
export function responseKey(res: SipResponse): string | undefined {
  const via = getTopVia(res);
  const cseq = getCSeq(res);
  const branch = via && viaBranch(via);
  if (!branch || !cseq) return undefined;
  return clientKey(branch, cseq.method);
}

export interface ServerKeys {
  /** The key a request or its retransmission matches. */
  key: string;
  /** RFC 2543 only: the key an ACK to this INVITE's non-2xx response will carry (To tag aside). */
  ackKey?: string;
  /** RFC 2543 ACK only: the To tag to compare with the response the transaction sent. */
  toTag?: string;
  /** From tag, Call-ID and CSeq: detects merged requests (RFC 3261 §8.2.2.2). */
  mergeKey: string;
}

interface Core {
  via: Via;
  cseq: CSeq;
  callId: string;
  fromTag: string;
  toTag: string;
}

/** Parses what matching needs; throws ParseError when a core header is missing or malformed. */
function core(req: SipRequest): Core {
  const via = getTopVia(req);
  const cseq = getCSeq(req);
  const callId = getCallId(req);
  const from = getFrom(req);
  const to = getTo(req);
  if (!via || !cseq || !callId || !from || !to)
    throw new ParseError("missing Via, CSeq, Call-ID, From or To", 0);
  return {
    via,
    cseq,
    callId,
    fromTag: from.params.get("tag") ?? "",
    toTag: to.params.get("tag") ?? "",
  };
}

export function serverKeys(req: SipRequest): ServerKeys {
  const c = core(req);
  const method = req.method === "ACK" ? "INVITE" : req.method;
  const mergeKey = `${c.fromTag}\u0000${c.callId}\u0000${c.cseq.seq}\u0000${c.cseq.method}`;
  const branch = viaBranch(c.via);
  if (isRfc3261Branch(branch)) {
    return { key: `s\u0000${branch}\u0000${viaSentBy(c.via)}\u0000${method}`, mergeKey };
  }
  // RFC 3261 §17.2.3, RFC 2543 compatibility.
  const common = `${formatUri(req.uri)}\u0000${c.fromTag}\u0000${c.callId}\u0000${c.cseq.seq}\u0000${formatVia(c.via)}`;
  if (req.method === "ACK") return { key: `a\u0000${common}`, toTag: c.toTag, mergeKey };
  const keys: ServerKeys = { key: `o\u0000${method}\u0000${c.toTag}\u0000${common}`, mergeKey };
  if (req.method === "INVITE") keys.ackKey = `a\u0000${common}`;
  return keys;
}

/** True when the To header has no tag (the request is outside a dialog). */
export function hasToTag(req: SipRequest): boolean {
  return getTo(req)?.params.get("tag") != null;
}
