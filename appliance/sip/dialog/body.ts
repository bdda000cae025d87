// Message bodies as the dialog layer sees them: opaque bytes with their media type. The SDP
// model belongs to appliance/sdp; the INVITE session only carries offers and answers.
import { getContentType, getHeader, type SipMessage } from "../message/index.ts";

export interface Body {
  /** The Content-Type value, e.g. "application/sdp". */
  contentType: string;
  body: Buffer;
}

/** The body of msg, or undefined when it has none. */
export function bodyOf(msg: SipMessage): Body | undefined {
  if (msg.body.length === 0) return undefined;
  return { contentType: getHeader(msg, "Content-Type") ?? "application/octet-stream", body: msg.body };
}

/** Lower-cased "type/subtype" of msg's Content-Type, or undefined (malformed counts as none). */
export function mediaTypeOf(msg: SipMessage): string | undefined {
  try {
    const t = getContentType(msg);
    return t ? `${t.type}/${t.subtype}` : undefined;
  } catch {
    return undefined;
  }
}
