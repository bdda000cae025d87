// Session timers (RFC 4028): the Session-Expires and Min-SE headers, the UAS's negotiation
// (§9), the UAC's reading of the 2xx (§7.2), and when to refresh or give up (§10).
import { ParseError } from "../../base/index.ts";
import {
  getHeader,
  getTokens,
  parseParams,
  Scanner,
  type SipRequest,
  type SipResponse,
} from "../message/index.ts";

export type Refresher = "uac" | "uas";

export interface SessionTimerConfig {
  /** Session interval to ask for, in seconds (RFC 4028 §4 recommends 1800). */
  expires: number;
  /** The smallest interval we accept, in seconds (RFC 4028 §4: at least 90). */
  minSE: number;
}

export const DEFAULT_SESSION_TIMER: Readonly<SessionTimerConfig> = { expires: 1800, minSE: 90 };

export interface SessionExpires {
  delta: number;
  refresher?: Refresher;
}

/** The negotiated timer: the interval and whether this UA sends the refreshes. */
export interface SessionTimerState {
  interval: number;
  weRefresh: boolean;
}

function deltaSeconds(text: string): number {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t)) throw new ParseError("delta-seconds expected", 0);
  return Number(t);
}

/** Session-Expires = delta-seconds *(SEMI se-params); se-params = refresher-param / generic-param. */
export function parseSessionExpires(value: string): SessionExpires {
  const semi = value.indexOf(";");
  const delta = deltaSeconds(semi < 0 ? value : value.slice(0, semi));
  const sc = new Scanner(semi < 0 ? "" : value.slice(semi));
  const params = parseParams(sc);
  sc.end();
  const r = params.get("refresher")?.toLowerCase();
  const out: SessionExpires = { delta };
  if (r === "uac" || r === "uas") out.refresher = r;
  return out;
}

export function formatSessionExpires(se: SessionExpires): string {
  return se.refresher ? `${se.delta};refresher=${se.refresher}` : String(se.delta);
}

/** The Session-Expires of msg (compact form "x" included), undefined when absent or malformed. */
export function getSessionExpires(msg: SipRequest | SipResponse): SessionExpires | undefined {
  const v = getHeader(msg, "Session-Expires"); // the compact form "x" is canonicalized
  if (v === undefined) return undefined;
  try {
    return parseSessionExpires(v);
  } catch {
    return undefined;
  }
}

export function getMinSE(msg: SipRequest | SipResponse): number | undefined {
  const v = getHeader(msg, "Min-SE");
  if (v === undefined) return undefined;
  try {
    return deltaSeconds(v.split(";")[0]!);
  } catch {
    return undefined;
  }
}

export function supportsTimer(msg: SipRequest | SipResponse): boolean {
  try {
    return getTokens(msg, "Supported").includes("timer") || getTokens(msg, "Require").includes("timer");
  } catch {
    return false;
  }
}

/** RFC 4028 §7.1: what a UAC adds to an INVITE (or a refresh) that asks for a session timer. */
export function sessionTimerRequestHeaders(
  interval: number,
  minSE: number,
  refresher?: Refresher,
): Array<[string, string]> {
  const se: SessionExpires = { delta: interval };
  if (refresher) se.refresher = refresher;
  return [
    ["Session-Expires", formatSessionExpires(se)],
    ["Min-SE", String(minSE)],
  ];
}

export type UasTimerDecision =
  | { kind: "reject"; status: 422; headers: Array<[string, string]> }
  | { kind: "none" }
  | { kind: "accept"; state: SessionTimerState; headers: Array<[string, string]> };

/**
 * RFC 4028 §9, the UAS side of a session-timer negotiation on an INVITE, re-INVITE or UPDATE.
 * config undefined: we do not ask for a timer ourselves but honour the peer's.
 */
export function negotiateAsUas(req: SipRequest, config: SessionTimerConfig | undefined): UasTimerDecision {
  const se = getSessionExpires(req);
  const uacSupports = supportsTimer(req);
  const ourMin = config?.minSE ?? DEFAULT_SESSION_TIMER.minSE;
  let interval: number;
  let refresher: Refresher;
  if (se) {
    // RFC 4028 §9: a Session-Expires below our minimum MUST be rejected with 422 and Min-SE,
    // when the UAC supports the extension; otherwise the UAS raises the interval itself.
    if (se.delta < ourMin && uacSupports)
      return { kind: "reject", status: 422, headers: [["Min-SE", String(ourMin)]] };
    interval = Math.max(se.delta, ourMin, getMinSE(req) ?? 0);
    // RFC 4028 §9: a refresher the UAC named is kept; otherwise the UAS picks one, and it
    // MUST be uas when the UAC does not support the extension.
    refresher = se.refresher ?? (uacSupports ? "uac" : "uas");
    if (!uacSupports) refresher = "uas";
  } else if (config) {
    // RFC 4028 §9: the UAS MAY ask for a timer the request did not; it then refreshes itself.
    interval = Math.max(config.expires, getMinSE(req) ?? 0);
    refresher = "uas";
  } else return { kind: "none" };
  const headers: Array<[string, string]> = [
    ["Session-Expires", formatSessionExpires({ delta: interval, refresher })],
  ];
  // RFC 4028 §9: with refresher=uac the 2xx MUST carry Require: timer.
  if (refresher === "uac") headers.push(["Require", "timer"]);
  return { kind: "accept", state: { interval, weRefresh: refresher === "uas" }, headers };
}

/** RFC 4028 §7.2: the UAC reads the 2xx; no Session-Expires there means no session timer. */
export function timerFromResponse(res: SipResponse): SessionTimerState | undefined {
  const se = getSessionExpires(res);
  if (!se) return undefined;
  return { interval: se.delta, weRefresh: (se.refresher ?? "uac") === "uac" };
}

/** RFC 4028 §10: the refresher SHOULD refresh at half the interval (milliseconds). */
export function refreshDelay(intervalSeconds: number): number {
  return (intervalSeconds * 1000) / 2;
}

/**
 * RFC 4028 §10: without a refresh the other side SHOULD send BYE before the session expires,
 * at the interval minus the smaller of 32 s and a third of the interval (milliseconds).
 */
export function expiryDelay(intervalSeconds: number): number {
  return (intervalSeconds - Math.min(32, intervalSeconds / 3)) * 1000;
}
