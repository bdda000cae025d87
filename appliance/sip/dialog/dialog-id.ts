// The dialog ID (RFC 3261 §12): Call-ID, local tag and remote tag, always from this UA's view.
import { getCallId, getFrom, getTag, getTo, type SipRequest, type SipResponse } from "../message/index.ts";

export interface DialogId {
  callId: string;
  localTag: string;
  remoteTag: string;
}

/** A map key for a dialog ID (tags are compared case-sensitively, RFC 3261 §19.3). */
export function dialogKey(id: DialogId): string {
  return `${id.callId}\u0000${id.localTag}\u0000${id.remoteTag}`;
}

/**
 * RFC 3261 §12.2.2: for a request received in a dialog, the local tag is the To tag and the
 * remote tag the From tag. Undefined when the request has no To tag (it is outside a dialog)
 * or a core header is unreadable.
 */
export function uasDialogId(req: SipRequest): DialogId | undefined {
  try {
    const callId = getCallId(req);
    const to = getTo(req);
    const from = getFrom(req);
    const localTag = to && getTag(to);
    if (!callId || !localTag || !from) return undefined;
    return { callId, localTag, remoteTag: getTag(from) ?? "" };
  } catch {
    return undefined;
  }
}

/** RFC 3261 §12.1.2: for a response to our request, local = From tag, remote = To tag. */
export function uacDialogId(res: SipResponse): DialogId | undefined {
  try {
    const callId = getCallId(res);
    const from = getFrom(res);
    const to = getTo(res);
    const localTag = from && getTag(from);
    const remoteTag = to && getTag(to);
    if (!callId || !localTag || !remoteTag) return undefined;
    return { callId, localTag, remoteTag };
  } catch {
    return undefined;
  }
}
