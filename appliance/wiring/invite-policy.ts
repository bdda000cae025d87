// Who may start a call, and where it goes (decideInvite; the B2BUA's authorizer applies it):
//  1. from the trunk (TrunkInboundRecognizer: the provider's address and our Contact token):
//     the blacklist before anything rings (603/608, RFC 8688), else the DID's destination (an
//     extension, ring group, IVR menu, voicemail box or room) goes to the B2BUA;
//  2. refused by the trunk recogniser (483, unknown DID): that status;
//  3. anything else: the digest auth gate (RFC 3261 §22), then the dial plan: an internal number
//     (extension, ring group, IVR, room, the caller's own mailbox) goes to the B2BUA; an outbound call takes a trunk channel through routeCall (toll-fraud limits) and
//     goes to the B2BUA through deps.outbound (wiring/outbound-route.ts), which places the B-leg.
// 480 Temporarily Unavailable (RFC 3261 §21.4.18): the callee exists but cannot be reached now.
import type { Logger } from "../base/index.ts";
import { Blacklist } from "../pbx/blacklist/index.ts";
import { type Destination, toDestination } from "../pbx/calls/index.ts";
import type { AuthGate } from "../pbx/protection/index.ts";
import {
  authenticatedIdentity,
  type DialPlanRouter,
  routeCall,
  type TrunkCallLimiter,
} from "../pbx/routing/index.ts";
import type { TrunkInboundRecognizer, TrunkSettings } from "../pbx/trunk/index.ts";
import type { MessageSource, SipRequest } from "../sip/index.ts";
import type { Reply, RequestContext } from "../sip/ua/index.ts";
import type { OutboundRoutes } from "./outbound-route.ts";

export interface InvitePolicyDeps {
  recognizer: () => TrunkInboundRecognizer;
  /** The trunk's settings by name (which caller-ID header to believe). */
  trunkSettings: (name: string) => TrunkSettings | undefined;
  blacklist: () => Blacklist;
  gate: () => Pick<AuthGate, "check">;
  router: () => DialPlanRouter;
  limiter: TrunkCallLimiter;
  /** Takes admitted outbound calls to the B2BUA (wiring/outbound-route.ts); absent: 480. */
  outbound?: Pick<OutboundRoutes, "admit">;
  logger: Logger;
}

const NOT_YET: Reply = { status: 480, reason: "Temporarily Unavailable" };

/** What the policy decided: a final answer, or an internal call the B2BUA may bridge. */
export type InviteDecision =
  | { kind: "reply"; reply: Reply }
  /** user: who calls (the extension, or the trunk caller's number); destination: where to. */
  | { kind: "bridge"; user: string; destination: Destination }
  /** An extension's call out through a trunk: the channel is noted in deps.outbound. */
  | { kind: "outbound"; user: string };

/** The policy as one decision (shared by the UA core handler and the B2BUA's authorizer). */
export function decideInvite(deps: InvitePolicyDeps, req: SipRequest, source: MessageSource): InviteDecision {
  const log = deps.logger.child({ component: "invite-policy" });
  const reply = (r: Reply): InviteDecision => ({ kind: "reply", reply: r });
  const verdict = deps.recognizer().recognize(req, source);
  if (verdict.kind === "reject") return reply({ status: verdict.status, reason: verdict.reason });
  if (verdict.kind === "trunk") {
    const prefer = deps.trunkSettings(verdict.trunk)?.callerIdSource ?? "from";
    // RFC 3325 §5: P-Asserted-Identity is believed only from the trunk, which this is.
    const d = deps
      .blacklist()
      .check(req, { prefer, trustPai: true }, { trunk: verdict.trunk, did: verdict.did });
    if (d.action === "reject") return reply({ ...Blacklist.reply(d) });
    // The DID's destination from config (an extension, ring group, IVR, box or room).
    const destination = toDestination(verdict.destination);
    if (!destination) {
      log.error("DID has no usable destination: 480", { trunk: verdict.trunk, did: verdict.did });
      return reply(NOT_YET);
    }
    return { kind: "bridge", user: verdict.caller.number || "anonymous", destination };
  }
  const g = deps.gate().check(req, source.remote.address);
  if (!g.ok) return reply(g.reply);
  const dialled =
    req.uri.type === "sip" ? (req.uri.user ?? "") : req.uri.type === "tel" ? req.uri.number : "";
  const caller = { kind: "extension", identity: authenticatedIdentity(g) } as const;
  const decision = routeCall(deps.router(), deps.limiter, caller, dialled);
  switch (decision.kind) {
    case "refused":
      return reply({ status: decision.status, reason: decision.reason });
    case "extension":
      return { kind: "bridge", user: g.user, destination: { extension: decision.number } };
    case "ring-group":
      return { kind: "bridge", user: g.user, destination: { ringGroup: decision.name } };
    case "ivr":
      return { kind: "bridge", user: g.user, destination: { ivr: decision.name } };
    case "conference":
      return { kind: "bridge", user: g.user, destination: { conference: decision.number } };
    case "voicemail-access":
      return { kind: "bridge", user: g.user, destination: { mailboxAccess: decision.mailbox } };
    case "outbound-ready":
      if (deps.outbound) {
        // The B2BUA places the B-leg and releases the channel when the call ends.
        deps.outbound.admit(dialled, g.user, decision.lease, decision.emergency);
        log.info("outbound call admitted", {
          from: g.user,
          trunk: decision.lease.trunk,
          emergency: decision.emergency,
        });
        return { kind: "outbound", user: g.user };
      }
      // No B2BUA to place the B-leg: the channel goes back at once.
      decision.lease.release();
      log.info("outbound call not placed yet (trunk B-leg not wired): 480", {
        from: g.user,
        trunk: decision.lease.trunk,
        emergency: decision.emergency,
      });
      return reply(NOT_YET);
  }
}

/** The policy as the UA core's INVITE handler (used when no B2BUA takes INVITEs). */
export function invitePolicy(
  deps: InvitePolicyDeps,
): (req: SipRequest, ctx: Pick<RequestContext, "source">) => Reply {
  return (req, ctx) => {
    const d = decideInvite(deps, req, ctx.source);
    return d.kind === "reply" ? d.reply : NOT_YET;
  };
}
