import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ManualClock } from "../../base/index.ts";
import { PinGuard, pinEquals, pinPolicyFromLab } from "./pin-guard.ts";

const policy = { maxFailures: 3, windowMs: 5 * 60_000, lockoutMs: 5 * 60_000 };

test("3 wrong PINs lock the box for 5 minutes, even for the right PIN; then it opens", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-pin-"));
  try {
    const clock = new ManualClock();
    const g = new PinGuard(dir, clock, policy);
    assert.equal(await g.verify("100", "1111", "4321"), "wrong");
    assert.equal(await g.verify("100", "2222", "4321"), "wrong");
    assert.equal(await g.verify("100", "3333", "4321"), "locked");
    assert.equal(await g.verify("100", "4321", "4321"), "locked");
    assert.equal(await g.verify("101", "9999", "9999"), "ok", "other boxes are not affected");
    clock.advance(5 * 60_000 - 1);
    assert.equal(await g.verify("100", "4321", "4321"), "locked");
    clock.advance(1);
    assert.equal(await g.verify("100", "4321", "4321"), "ok");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the lockout survives a restart (state persisted)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-pin-"));
  try {
    const clock = new ManualClock();
    const g1 = new PinGuard(dir, clock, policy);
    for (let i = 0; i < 3; i++) await g1.verify("100", "0000", "4321");
    const g2 = new PinGuard(dir, clock, policy); // a fresh process
    assert.equal(await g2.verify("100", "4321", "4321"), "locked");
    assert.ok((await g2.lockedFor("100")) > 0);
    // Two failures, restart, one more: still counted within the window.
    const g3 = new PinGuard(join(dir, "b"), clock, policy);
    await g3.verify("200", "1", "2");
    await g3.verify("200", "1", "2");
    assert.equal(await new PinGuard(join(dir, "b"), clock, policy).verify("200", "1", "2"), "locked");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("failures older than the window are forgotten; success resets the count", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-pin-"));
  try {
    const clock = new ManualClock();
    const g = new PinGuard(dir, clock, policy);
    await g.verify("100", "1", "42");
    await g.verify("100", "1", "42");
    clock.advance(5 * 60_000 + 1);
    assert.equal(await g.verify("100", "1", "42"), "wrong");
    assert.equal(await g.verify("100", "42", "42"), "ok");
    assert.equal(await g.verify("100", "1", "42"), "wrong");
    assert.equal(await g.verify("100", "1", "42"), "wrong");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("concurrent wrong PINs are all counted", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-pin-"));
  try {
    const g = new PinGuard(dir, new ManualClock(), policy);
    const r = await Promise.all([1, 2, 3, 4].map(() => g.verify("100", "0", "1")));
    assert.deepEqual(r, ["wrong", "wrong", "locked", "locked"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("pinEquals: equal, different, prefix, empty expected never matches; lab policy", () => {
  assert.equal(pinEquals("4321", "4321"), true);
  assert.equal(pinEquals("4322", "4321"), false);
  assert.equal(pinEquals("432", "4321"), false);
  assert.equal(pinEquals("", ""), false);
  assert.deepEqual(pinPolicyFromLab(5), { maxFailures: 5, windowMs: 900_000, lockoutMs: 900_000 });
});
