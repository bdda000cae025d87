import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManualClock } from "../../base/index.ts";
import { dialPlanConfig } from "./dial-plan-config.ts";
import { DialPlanRouter } from "./dial-plan-router.ts";
import { routeCall } from "./outbound-gate.ts";
import { authenticatedIdentity, type RouteCaller } from "./route-caller.ts";
import { TrunkCallLimiter } from "./trunk-limiter.ts";

const config = dialPlanConfig({
  extensions: [{ number: "100", permissions: "national" }],
  trunks: [{ name: "provider", patterns: ["1NXXNXXXXXX", "911"], maxCalls: 1, callsPerHour: 1 }],
  emergency: { numbers: ["911"] },
});

function setup() {
  const clock = new ManualClock();
  const router = new DialPlanRouter(config);
  const limiter = new TrunkCallLimiter(clock, (t) => config.trunks.find((x) => x.name === t));
  return { clock, router, limiter };
}

const ext: RouteCaller = { kind: "extension", identity: authenticatedIdentity({ ok: true, user: "100" }) };

describe("routeCall", () => {
  it("takes a channel for an allowed outbound call, and refuses the next at the limits", () => {
    const { router, limiter } = setup();
    const first = routeCall(router, limiter, ext, "12125550100");
    assert.equal(first.kind, "outbound-ready");
    assert.equal(first.kind === "outbound-ready" && first.lease.number, "12125550100");
    const second = routeCall(router, limiter, ext, "12125550101");
    assert.deepEqual(second, { kind: "refused", status: 503, reason: "All trunk channels busy" });
    if (first.kind === "outbound-ready") first.lease.release();
    const third = routeCall(router, limiter, ext, "12125550101");
    assert.deepEqual(third, { kind: "refused", status: 403, reason: "Hourly call limit reached" });
  });

  it("an emergency call goes out even when the fraud limits are exhausted", () => {
    const { router, limiter } = setup();
    assert.equal(routeCall(router, limiter, ext, "12125550100").kind, "outbound-ready");
    const e = routeCall(router, limiter, ext, "911");
    assert.equal(e.kind, "outbound-ready");
    assert.equal(e.kind === "outbound-ready" && e.emergency, true);
  });

  it("an unauthenticated request takes nothing: 403 and no channel used", () => {
    const { router, limiter } = setup();
    const d = routeCall(router, limiter, { kind: "unauthenticated", source: "198.51.100.20" }, "12125550100");
    assert.equal(d.kind === "refused" && d.status, 403);
    assert.equal(limiter.activeCalls("provider"), 0);
    assert.equal(limiter.callsLastHour("provider"), 0);
  });
});
