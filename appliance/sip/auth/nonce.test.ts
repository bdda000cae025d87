import assert from "node:assert/strict";
import { test } from "node:test";
import { NonceService } from "./nonce.ts";
import { NonceCountTracker } from "./nonce-counts.ts";

const secret = new Uint8Array(32).fill(7);
const T0 = Date.UTC(2026, 0, 1);

test("a nonce we issued checks valid within its lifetime, stale after it", () => {
  const svc = new NonceService({ secret, lifetimeSeconds: 30 });
  const n = svc.issue(T0);
  assert.deepEqual(svc.check(n, T0 + 29_000), { valid: true, issuedAt: T0 });
  assert.deepEqual(svc.check(n, T0 + 31_000), { valid: false, stale: true });
});

test("nonces are unique and tampering or another secret makes them invalid (not stale)", () => {
  const svc = new NonceService({ secret, lifetimeSeconds: 30 });
  const a = svc.issue(T0);
  const b = svc.issue(T0);
  assert.notEqual(a, b);
  const flipped = (a[0] === "A" ? "B" : "A") + a.slice(1);
  assert.deepEqual(svc.check(flipped, T0), { valid: false, stale: false });
  const other = new NonceService({ secret: new Uint8Array(32).fill(8), lifetimeSeconds: 30 });
  assert.deepEqual(other.check(a, T0), { valid: false, stale: false });
  assert.deepEqual(svc.check("garbage", T0), { valid: false, stale: false });
  assert.deepEqual(svc.check("", T0), { valid: false, stale: false });
});

test("nonce-count: increasing nc accepted, repeated or lower nc is a replay", () => {
  const t = new NonceCountTracker();
  assert.equal(t.use("n1", 1, 1), "ok");
  assert.equal(t.use("n1", 1, 2), "ok");
  assert.equal(t.use("n1", 1, 2), "replay");
  assert.equal(t.use("n1", 1, 1), "replay");
  assert.equal(t.use("n2", 2, 1), "ok");
});

test("nonce-count memory is bounded and a forgotten nonce is refused as stale, never replayable", () => {
  const t = new NonceCountTracker(3);
  for (let i = 1; i <= 5; i++) assert.equal(t.use(`n${i}`, i, 1), "ok");
  assert.equal(t.size, 3);
  // n1 and n2 were forgotten: using them again (even with nc=1, a replay) is refused.
  assert.equal(t.use("n1", 1, 1), "stale");
  assert.equal(t.use("n2", 2, 5), "stale");
  // A newer nonce is still fine.
  assert.equal(t.use("n6", 6, 1), "ok");
});
