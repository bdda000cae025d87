// Who may start a call, and where it goes (decideInvite; the B2BUA's authorizer applies it):
//  1. from the trunk (TrunkInboundRecognizer: the provider's address and our Contact token):
//     the blacklist before anything rings (603/608, RFC 8688), else the DID's destination: an
//     extension is bridged; other destinations (IVR, voicemail, ring group, conference) are not
//     wired into calls yet and get 480 with a log line naming them;
//  2. refused by the trunk recogniser (483, unknown DID): that status;
//  3. anything else: the digest auth gate (RFC 3261 §22), then the dial plan: an extension is
//     bridged; an outbound call takes a trunk channel through routeCall (toll-fraud limits) and,
//     with no trunk B-leg yet, gives it back and is answered 480.
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
import type { MessageSource, SipRequest } from "../sip/index.ts";
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

/** `{ extension: "100" }` → "100"; any other destination → undefined. */
function extensionOf(destination: unknown): string | undefined {
  if (destination === null || typeof destination !== "object") return undefined;
  const ext: unknown = (destination as { extension?: unknown }).extension;
  return typeof ext === "string" ? ext : undefined;
}

/** What the policy decided: a final answer, or an internal call the B2BUA may bridge. */
export type InviteDecision =
  | { kind: "reply"; reply: Reply }
  /** user: who calls (the extension, or the trunk caller's number); extension: who rings. */
  | { kind: "bridge"; user: string; extension: string };

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
    const extension = extensionOf(verdict.destination);
    if (extension !== undefined) {
      return { kind: "bridge", user: verdict.caller.number || "anonymous", extension };
    }
    // Ring groups, the IVR, voicemail and conferences are not wired into calls yet.
    log.info("trunk call not bridged (destination not wired into calls yet): 480", {
      trunk: verdict.trunk,
      did: verdict.did,
      destination: describe(verdict.destination),
      callerNumber: verdict.caller.number,
    });
    return reply(NOT_YET);
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
      return { kind: "bridge", user: g.user, extension: decision.number };
    case "outbound-ready":
      // No trunk B-leg yet: the channel goes back at once.
      decision.lease.release();
      log.info("outbound call not placed yet (trunk B-leg not wired): 480", {
        from: g.user,
        trunk: decision.lease.trunk,
        emergency: decision.emergency,
      });
      return reply(NOT_YET);
    default:
      log.info("destination not wired into calls yet: 480", { from: g.user, kind: decision.kind });
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
