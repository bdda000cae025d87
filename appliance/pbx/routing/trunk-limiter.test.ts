import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManualClock } from "../../base/index.ts";
import { TrunkCallLimiter, type TrunkLimits } from "./trunk-limiter.ts";

const LIMITS: Record<string, TrunkLimits> = {
  a: { maxCalls: 2, callsPerHour: 3 },
  b: { maxCalls: 1 },
};

function setup() {
  const clock = new ManualClock();
  return { clock, limiter: new TrunkCallLimiter(clock, (t) => LIMITS[t]) };
}

const A = [{ trunk: "a", number: "15550199" }];

describe("TrunkCallLimiter", () => {
  it("refuses a call beyond maxCalls with 503 until a lease is released (idempotently)", () => {
    const { limiter } = setup();
    const one = limiter.acquire(A, false);
    const two = limiter.acquire(A, false);
    assert.ok(one.ok && two.ok);
    assert.deepEqual(limiter.acquire(A, false), {
      ok: false,
      status: 503,
      reason: "All trunk channels busy",
    });
    one.lease.release();
    one.lease.release();
    assert.equal(limiter.activeCalls("a"), 1);
    assert.equal(limiter.acquire(A, false).ok, true);
  });

  it("brakes at callsPerHour over a sliding hour on the Clock (403), then lets calls through again", () => {
    const { clock, limiter } = setup();
    for (let i = 0; i < 3; i++) {
      const r = limiter.acquire(A, false);
      assert.ok(r.ok);
      r.lease.release();
      clock.advance(10 * 60_000);
    }
    // t = 30 min: three calls in the last hour.
    assert.deepEqual(limiter.acquire(A, false), {
      ok: false,
      status: 403,
      reason: "Hourly call limit reached",
    });
    clock.advance(30 * 60_000); // t = 60 min: the call at t = 0 left the window
    assert.equal(limiter.callsLastHour("a"), 2);
    assert.equal(limiter.acquire(A, false).ok, true);
  });

  it("never refuses an emergency call, at the channel limit or the hourly brake, but counts it", () => {
    const { limiter } = setup();
    for (let i = 0; i < 3; i++) assert.equal(limiter.acquire(A, false).ok || i >= 2, true);
    assert.equal(limiter.acquire(A, false).ok, false);
    const e = limiter.acquire(A, true);
    assert.ok(e.ok);
    assert.equal(e.lease.emergency, true);
    assert.equal(limiter.activeCalls("a"), 3);
  });

  it("falls over to the next candidate trunk, and tells the most relevant refusal", () => {
    const { limiter } = setup();
    const both = [...A, { trunk: "b", number: "15550199" }];
    assert.equal(limiter.acquire(both, false).ok && limiter.acquire(both, false).ok, true);
    const third = limiter.acquire(both, false);
    assert.ok(third.ok);
    assert.equal(third.lease.trunk, "b");
    assert.equal(limiter.acquire(both, false).ok, false);
    assert.deepEqual(limiter.acquire([{ trunk: "nope", number: "1" }], false), {
      ok: false,
      status: 503,
      reason: "Unknown trunk nope",
    });
  });
});
