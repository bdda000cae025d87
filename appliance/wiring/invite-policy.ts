// Who may start a call, and where it goes, until the B2BUA (pbx/calls) bridges calls:
//  1. from the trunk (TrunkInboundRecognizer: the provider's address and our Contact token):
//     the blacklist before anything rings (603/608, RFC 8688), else the DID's destination, which
//     is answered 480 for now with a log line naming it;
//  2. refused by the trunk recogniser (483, unknown DID): that status;
//  3. anything else: the digest auth gate (RFC 3261 §22), then the dial plan; an outbound call
//     takes a trunk channel through routeCall (toll-fraud limits) and is answered 480 for now.
// 480 Temporarily Unavailable (RFC 3261 §21.4.18): the callee exists but cannot be reached now.
import type { Logger } from "../base/index.ts";
import { Blacklist } from "../pbx/blacklist/index.ts";
import type { AuthGate } from "../pbx/protection/index.ts";
import {
  authenticatedIdentity,
  type DialPlanRouter,
  routeCall,
  type TrunkCallLimiter,
} from "../pbx/routing/index.ts";
import type { TrunkInboundRecognizer, TrunkSettings } from "../pbx/trunk/index.ts";
import type { SipRequest } from "../sip/index.ts";
import type { Reply, RequestContext } from "../sip/ua/index.ts";

export interface InvitePolicyDeps {
  recognizer: () => TrunkInboundRecognizer;
  /** The trunk's settings by name (which caller-ID header to believe). */
  trunkSettings: (name: string) => TrunkSettings | undefined;
  blacklist: () => Blacklist;
  gate: () => Pick<AuthGate, "check">;
  router: () => DialPlanRouter;
  limiter: TrunkCallLimiter;
  logger: Logger;
}

const NOT_YET: Reply = { status: 480, reason: "Temporarily Unavailable" };

/** A destination like `{ ivr: "main" }` as `ivr:main`, for the log. */
function describe(destination: unknown): string {
  if (destination === null || typeof destination !== "object") return String(destination);
  return Object.entries(destination)
    .map(([k, v]) => `${k}:${String(v)}`)
    .join(",");
}

export function invitePolicy(
  deps: InvitePolicyDeps,
): (req: SipRequest, ctx: Pick<RequestContext, "source">) => Reply {
  const log = deps.logger.child({ component: "invite-policy" });
  return (req, ctx) => {
    const verdict = deps.recognizer().recognize(req, ctx.source);
    if (verdict.kind === "reject") return { status: verdict.status, reason: verdict.reason };
    if (verdict.kind === "trunk") {
      const prefer = deps.trunkSettings(verdict.trunk)?.callerIdSource ?? "from";
      // RFC 3325 §5: P-Asserted-Identity is believed only from the trunk, which this is.
      const d = deps
        .blacklist()
        .check(req, { prefer, trustPai: true }, { trunk: verdict.trunk, did: verdict.did });
      if (d.action === "reject") return { ...Blacklist.reply(d) };
      log.info("trunk call not bridged yet (no B2BUA): 480", {
        trunk: verdict.trunk,
        did: verdict.did,
        destination: describe(verdict.destination),
        callerNumber: verdict.caller.number,
      });
      return NOT_YET;
    }
    const g = deps.gate().check(req, ctx.source.remote.address);
    if (!g.ok) return g.reply;
    const dialled =
      req.uri.type === "sip" ? (req.uri.user ?? "") : req.uri.type === "tel" ? req.uri.number : "";
    const caller = { kind: "extension", identity: authenticatedIdentity(g) } as const;
    const decision = routeCall(deps.router(), deps.limiter, caller, dialled);
    switch (decision.kind) {
      case "refused":
        return { status: decision.status, reason: decision.reason };
      case "outbound-ready":
        // No call is placed yet: the channel goes back at once.
        decision.lease.release();
        log.info("outbound call not placed yet (no B2BUA): 480", {
          from: g.user,
          trunk: decision.lease.trunk,
          emergency: decision.emergency,
        });
        return NOT_YET;
      default:
        return NOT_YET;
    }
  };
}
