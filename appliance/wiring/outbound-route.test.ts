import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Logger, ManualClock } from "../base/index.ts";
import { ExtensionRouter } from "../pbx/calls/index.ts";
import { TrunkCallLimiter } from "../pbx/routing/index.ts";
import { trunkSettings } from "../pbx/trunk/index.ts";
import { formatNameAddr, formatUri } from "../sip/index.ts";
import { OutboundRoutes } from "./outbound-route.ts";

const settings = trunkSettings({
  name: "provider",
  host: "203.0.113.10",
  username: "15550123",
  password: "trunk-secret",
  outboundCallerId: { number: "15550123", header: "from" },
});

function setup(maxCalls = 2) {
  const clock = new ManualClock();
  const limiter = new TrunkCallLimiter(clock, () => ({ maxCalls }));
  const lines: string[] = [];
  const routes = new OutboundRoutes({
    clock,
    trunk: (name) => (name === "provider" ? { settings, contactUser: "pibx-token" } : undefined),
    publicAddress: () => ({ address: "203.0.113.2", port: 5060 }),
    cnonce: () => "cn",
    logger: Logger.create({ level: "info", sink: (l: string) => lines.push(l) }),
  });
  const router = routes.router(new ExtensionRouter([{ number: "100" }, { number: "101" }]));
  const lease = (number = "15550199", emergency = false) => {
    const r = limiter.acquire([{ trunk: "provider", number }], emergency);
    assert.ok(r.ok);
    return r.lease;
  };
  return { clock, limiter, routes, router, lease, lines };
}

describe("OutboundRoutes", () => {
  it("hands an admitted call to the B2BUA as an outbound decision toward the provider, once", () => {
    const { routes, router, lease, limiter } = setup();
    routes.admit("15550199", "100", lease(), false);
    const d = router.route("15550199", { number: "100" });
    assert.equal(d.kind, "outbound");
    if (d.kind !== "outbound") return;
    assert.equal(d.trunk, "provider");
    assert.equal(d.number, "15550199");
    assert.equal(formatUri(d.target.uri), "sip:15550199@203.0.113.10;user=phone");
    assert.equal(formatNameAddr(d.target.trunk.from), "<sip:15550123@203.0.113.10>");
    assert.equal(formatUri(d.target.trunk.contact), "sip:pibx-token@203.0.113.2:5060");
    assert.equal(d.target.trunk.mediaAddress, "203.0.113.2");
    assert.ok(d.target.trunk.authenticate);
    // The B2BUA holds the channel until the call ends.
    assert.equal(limiter.activeCalls("provider"), 1);
    d.lease.release();
    d.lease.release();
    assert.equal(limiter.activeCalls("provider"), 0, "released exactly once");
    // Claimed: the same number again is routed by the inner router (not an extension: 404).
    assert.deepEqual(router.route("15550199", { number: "100" }), { kind: "reject", status: 404 });
  });

  it("never routes a number out without an admission: an extension's own route is untouched", () => {
    const { router } = setup();
    assert.deepEqual(router.route("15550199", { number: "100" }), { kind: "reject", status: 404 });
    assert.deepEqual(router.route("101", { number: "100" }), { kind: "extension", user: "101" });
  });

  it("an admission for another caller does not apply", () => {
    const { routes, router, lease } = setup();
    routes.admit("15550199", "100", lease(), false);
    assert.equal(router.route("15550199", { number: "101" }).kind, "reject");
    assert.equal(routes.pendingCount, 1);
  });

  it("releases a channel nobody claimed, after the claim window, and only once", () => {
    const { clock, routes, router, lease, limiter, lines } = setup();
    routes.admit("911", "103", lease("911", true), true);
    clock.advance(9_999);
    assert.equal(limiter.activeCalls("provider"), 1);
    clock.advance(1);
    assert.equal(limiter.activeCalls("provider"), 0);
    assert.equal(routes.pendingCount, 0);
    assert.ok(lines.some((l) => l.includes("never reached the B2BUA")));
    assert.equal(router.route("911", { number: "103" }).kind, "reject");
  });

  it("a claimed channel is not released by the claim timer; emergency is carried", () => {
    const { clock, routes, router, lease, limiter } = setup();
    routes.admit("911", "103", lease("911", true), true);
    const d = router.route("911", { number: "103" });
    assert.ok(d.kind === "outbound" && d.emergency);
    clock.advance(60_000);
    assert.equal(limiter.activeCalls("provider"), 1, "the call still holds it");
  });

  it("a trunk gone by routing time gets 503 and its channel back; close() releases the rest", () => {
    const { routes, router, limiter } = setup();
    const gone = new TrunkCallLimiter(new ManualClock(), () => ({ maxCalls: 1 }));
    const r = gone.acquire([{ trunk: "old-trunk", number: "15550199" }], false);
    assert.ok(r.ok);
    routes.admit("15550199", "100", r.lease, false);
    assert.deepEqual(router.route("15550199", { number: "100" }), { kind: "reject", status: 503 });
    assert.equal(gone.activeCalls("old-trunk"), 0);
    const l = limiter.acquire([{ trunk: "provider", number: "15550199" }], false);
    assert.ok(l.ok);
    routes.admit("15550199", "101", l.lease, false);
    routes.close();
    routes.close();
    assert.equal(limiter.activeCalls("provider"), 0);
  });
});
