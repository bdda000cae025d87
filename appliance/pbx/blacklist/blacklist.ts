// The caller blacklist (lab model `blacklist`): exact numbers, prefixes and anonymous callers,
// refused before any phone rings with 603 Decline (RFC 3261 §21.6.2) or 608 Rejected (RFC 8688).
//
// RFC 8688 §3 defines 608 for an intermediary that rejects a call on the callee's behalf (the
// PBX, here) and lets it add `Call-Info: <…>;purpose=jwscard`, a signed jCard (RFC 7095, RFC 7515)
// telling the caller whom to ask for redress. The jCard is only meaningful when signed by a
// certificate the caller can verify; we have neither, so no Call-Info is sent: a 608 without it
// is valid, and a UAC that does not know 608 treats it as 600 (RFC 3261 §21: x00 of its class).
import { Logger } from "../../base/index.ts";
import type { SipRequest } from "../../sip/index.ts";
import { type CallerIdentity, type CallerIdentityOptions, callerIdentity } from "./caller-identity.ts";
import { type DialingConventions, NANP, normaliseNumber } from "./phone-number.ts";

export interface BlacklistConfig {
  numbers: readonly string[];
  prefixes: readonly string[];
  anonymous: boolean;
  response: 603 | 608;
}

export const EMPTY_BLACKLIST: BlacklistConfig = {
  numbers: [],
  prefixes: [],
  anonymous: false,
  response: 603,
};

export type BlacklistDecision =
  | { action: "allow"; caller: CallerIdentity }
  | {
      action: "reject";
      caller: CallerIdentity;
      rule: "number" | "prefix" | "anonymous";
      /** The configured entry that matched (the number or prefix as written), or the reason. */
      matched: string;
      status: 603 | 608;
      reason: string;
    };

/** The reply a UAS core sends for a rejection (no jCard, see above). */
export interface BlacklistReply {
  status: 603 | 608;
  reason: string;
  headers: ReadonlyArray<readonly [string, string]>;
}

export class Blacklist {
  private readonly numbers = new Map<string, string>();
  private readonly prefixes: Array<{ canonical: string; written: string }> = [];
  private readonly logger: Logger;

  constructor(
    private readonly config: BlacklistConfig,
    private readonly dialing: DialingConventions = NANP,
    logger?: Logger,
  ) {
    this.logger = (logger ?? Logger.silent()).child({ component: "blacklist" });
    for (const n of config.numbers) {
      const c = normaliseNumber(n, dialing);
      if (c !== undefined) this.numbers.set(c, n);
    }
    for (const p of config.prefixes) {
      const c = normaliseNumber(p, dialing);
      if (c !== undefined) this.prefixes.push({ canonical: c, written: p });
    }
  }

  /** Decides for a caller identity (pure; no log). */
  decide(caller: CallerIdentity): BlacklistDecision {
    const status = this.config.response;
    const reason = status === 608 ? "Rejected" : "Decline";
    if (caller.anonymous) {
      return this.config.anonymous
        ? {
            action: "reject",
            caller,
            rule: "anonymous",
            matched: caller.anonymousBecause ?? "anonymous",
            status,
            reason,
          }
        : { action: "allow", caller };
    }
    const canonical = caller.number === undefined ? undefined : normaliseNumber(caller.number, this.dialing);
    if (canonical === undefined) return { action: "allow", caller };
    const exact = this.numbers.get(canonical);
    if (exact !== undefined)
      return { action: "reject", caller, rule: "number", matched: exact, status, reason };
    for (const p of this.prefixes) {
      if (canonical.startsWith(p.canonical))
        return { action: "reject", caller, rule: "prefix", matched: p.written, status, reason };
    }
    return { action: "allow", caller };
  }

  /**
   * Decides for an inbound INVITE and logs a rejection (structured). identity says how to read
   * the caller (PAI trusted only for requests recognised as coming from the trunk).
   */
  check(
    req: SipRequest,
    identity: CallerIdentityOptions,
    fields: Record<string, unknown> = {},
  ): BlacklistDecision {
    const d = this.decide(callerIdentity(req, identity));
    if (d.action === "reject") {
      this.logger.info("caller blacklisted", {
        ...fields,
        rule: d.rule,
        matched: d.matched,
        callerNumber: d.caller.number,
        callerName: d.caller.name,
        anonymous: d.caller.anonymous,
        status: d.status,
      });
    }
    return d;
  }

  static reply(d: Extract<BlacklistDecision, { action: "reject" }>): BlacklistReply {
    return { status: d.status, reason: d.reason, headers: [] };
  }
}
