// The one door to a trunk for outbound calls: the dial plan decides, then the trunk limits are
// applied (a channel is taken) before anything is sent to the provider. The B2BUA calls this and
// only this for a call leaving through a trunk; it releases the lease when the call ends.
import type { DialPlanRouter, RouteDecision } from "./dial-plan-router.ts";
import type { RouteCaller } from "./route-caller.ts";
import type { CallLease, TrunkCallLimiter } from "./trunk-limiter.ts";

export type GateDecision =
  | Exclude<RouteDecision, { kind: "outbound" }>
  | { kind: "outbound-ready"; lease: CallLease; emergency: boolean };

export function routeCall(
  router: DialPlanRouter,
  limiter: TrunkCallLimiter,
  caller: RouteCaller,
  dialled: string,
): GateDecision {
  const d = router.route(caller, dialled);
  if (d.kind !== "outbound") return d;
  const r = limiter.acquire(d.candidates, d.emergency);
  if (!r.ok) return { kind: "refused", status: r.status, reason: r.reason };
  return { kind: "outbound-ready", lease: r.lease, emergency: d.emergency };
}
