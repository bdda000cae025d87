// The CANCEL of a UAC's INVITE (RFC 3261 §9.1) with headers its sender adds, such as the
// RFC 3326 §2 Reason a forking B2BUA puts on the CANCELs of the forks that lost
// (`Reason: SIP;cause=200;text="Call completed elsewhere"`), which tells a phone to show no
// missed call.
import { canonicalHeaderName, type SipRequest } from "../message/index.ts";
import { createCancel } from "../transaction/index.ts";

/** RFC 3261 §9.1: copied from the INVITE (or fixed by the rule), so never replaced or repeated. */
const FIXED = new Set(["via", "max-forwards", "from", "to", "call-id", "cseq", "route", "content-length"]);

export interface CancelRequest {
  readonly request: SipRequest;
  /** Names of the extra headers left out because §9.1 fixes them. */
  readonly ignored: readonly string[];
}

export function cancelRequest(
  invite: SipRequest,
  extra: ReadonlyArray<readonly [string, string]> = [],
): CancelRequest {
  const request = createCancel(invite);
  const ignored: string[] = [];
  for (const [name, value] of extra) {
    if (FIXED.has(canonicalHeaderName(name).toLowerCase())) ignored.push(name);
    else request.headers.push({ name, value });
  }
  return { request, ignored };
}
