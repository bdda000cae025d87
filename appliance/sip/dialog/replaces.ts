// The Replaces header (RFC 3891 §6.1) and a Refer-To carrying it (RFC 3891 §3, RFC 3515 §2.1):
//   Replaces = "Replaces" HCOLON callid *(SEMI replaces-param)
//   replaces-param = to-tag / from-tag / early-flag / generic-param
// Inside a Refer-To URI the header travels as a URI header (?Replaces=...), escaped.
import { ParseError } from "../../base/index.ts";
import {
  formatNameAddr,
  type NameAddr,
  parseCallId,
  parseParams,
  Scanner,
  type Uri,
} from "../message/index.ts";

export interface Replaces {
  callId: string;
  /** The to-tag: the local tag of the replaced dialog at the UA that receives Replaces. */
  toTag: string;
  /** The from-tag: the remote tag of the replaced dialog at that UA. */
  fromTag: string;
  /** early-only: only an early dialog may be replaced (RFC 3891 §3). */
  earlyOnly: boolean;
}

export function parseReplaces(value: string): Replaces {
  const semi = value.indexOf(";");
  const callId = parseCallId(semi < 0 ? value : value.slice(0, semi));
  const sc = new Scanner(semi < 0 ? "" : value.slice(semi));
  const params = parseParams(sc);
  sc.end();
  const toTag = params.get("to-tag");
  const fromTag = params.get("from-tag");
  // RFC 3891 §6.1: to-tag and from-tag are mandatory.
  if (!toTag || !fromTag) throw new ParseError("Replaces needs to-tag and from-tag", 0);
  return { callId, toTag, fromTag, earlyOnly: params.has("early-only") };
}

export function formatReplaces(r: Replaces): string {
  return `${r.callId};to-tag=${r.toTag};from-tag=${r.fromTag}${r.earlyOnly ? ";early-only" : ""}`;
}

/**
 * A Refer-To value for target, with Replaces embedded as a URI header when given (RFC 3891 §3).
 * formatUri escapes the header value, so "@" ";" "=" become %40 %3B %3D.
 */
export function formatReferTo(target: Uri, replaces?: Replaces): string {
  if (!replaces || target.type !== "sip") return formatNameAddr({ uri: target, params: new Map() });
  const uri = {
    ...target,
    headers: [
      ...target.headers.filter(([n]) => n.toLowerCase() !== "replaces"),
      ["Replaces", formatReplaces(replaces)],
    ],
  } satisfies Uri as Uri;
  return formatNameAddr({ uri, params: new Map() });
}

/** The Replaces embedded in a Refer-To (or any) URI, if any; throws ParseError when malformed. */
export function replacesInUri(uri: Uri): Replaces | undefined {
  if (uri.type !== "sip") return undefined;
  const h = uri.headers.find(([n]) => n.toLowerCase() === "replaces");
  return h ? parseReplaces(h[1]) : undefined;
}

/** The Refer-To target without its embedded headers (what the referee sends the INVITE to). */
export function referTarget(na: NameAddr): Uri {
  return na.uri.type === "sip" ? { ...na.uri, headers: [] } : na.uri;
}
