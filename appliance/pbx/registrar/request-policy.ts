// How the appliance answers each method until the call modules exist, identically for every
// user before authentication (so scanners learn nothing):
//   OPTIONS  → 200 with capabilities, to anyone (RFC 3261 §11.2), under the rate limits only
//   REGISTER → digest challenge, then the registrar (RFC 3261 §10.3)
//   INVITE   → digest challenge, then 480 for an extension (calls are not wired yet), 404 else
//   BYE      → digest challenge, then 481 (no dialog exists yet, RFC 3261 §15.1.2)
//   CANCEL   → 200 if it matches an INVITE transaction, else 481 (RFC 3261 §9.2); a CANCEL
//              cannot be challenged (RFC 3261 §22.1)
import type { SipRequest } from "../../sip/index.ts";
import { optionsReply, type Reply, type RequestContext, type UaCore } from "../../sip/ua/index.ts";
import type { AuthGate } from "../protection/index.ts";
import type { Registrar } from "./registrar.ts";

export interface RequestPolicyDeps {
  /** The current gate (replaced on config reload). */
  gate: () => AuthGate;
  registrar: Registrar;
  /** Whether an extension with this number exists (consulted only after authentication). */
  isExtension: (user: string) => boolean;
  /** Whether a CANCEL matches a live INVITE server transaction. */
  matchesInvite: (cancel: SipRequest) => boolean;
}

export const POLICY_METHODS = ["REGISTER", "OPTIONS", "INVITE", "BYE", "CANCEL"] as const;

export function installRequestPolicy(ua: UaCore, deps: RequestPolicyDeps): void {
  ua.handle("OPTIONS", () => optionsReply({ allow: ua.allowedMethods, accept: ["application/sdp"] }));
  ua.handle("REGISTER", async (req, ctx) => {
    const g = deps.gate().check(req, ctx.source.remote.address);
    if (!g.ok) return g.reply;
    return deps.registrar.register(req, {
      user: g.user,
      source: {
        protocol: ctx.source.protocol,
        address: ctx.source.remote.address,
        port: ctx.source.remote.port,
      },
    });
  });
  ua.handle("INVITE", (req, ctx) => {
    const g = deps.gate().check(req, ctx.source.remote.address);
    if (!g.ok) return g.reply;
    const target = req.uri.type === "sip" ? req.uri.user : undefined;
    return { status: target !== undefined && deps.isExtension(target) ? 480 : 404 };
  });
  ua.handle("BYE", (req, ctx) => authenticated(deps, req, ctx, { status: 481 }));
  ua.handle("CANCEL", (req) => ({ status: deps.matchesInvite(req) ? 200 : 481 }));
}

function authenticated(deps: RequestPolicyDeps, req: SipRequest, ctx: RequestContext, reply: Reply): Reply {
  const g = deps.gate().check(req, ctx.source.remote.address);
  return g.ok ? reply : g.reply;
}
