import assert from "node:assert/strict";
import { test } from "node:test";
import { Logger, ManualClock } from "../../base/index.ts";
import { SourceGuard } from "./source-guard.ts";

function setup(settings = {}, trusted = new Set<string>()) {
  const clock = new ManualClock();
  const lines: string[] = [];
  const logger = Logger.create({ sink: (l) => lines.push(l), time: () => clock.wallTime() });
  const guard = new SourceGuard({
    clock,
    logger,
    isTrusted: (ip) => trusted.has(ip),
    settings: {
      ratePerSecond: 10,
      burst: 20,
      maxAuthFailures: 5,
      failureWindowSeconds: 60,
      banSeconds: 300,
      floodDropsBeforeBan: 50,
      ...settings,
    },
  });
  return { clock, guard, lines };
}

test("rate limit: burst then refill at the configured rate", () => {
  const { clock, guard } = setup();
  let ok = 0;
  for (let i = 0; i < 30; i++) if (guard.allowPacket("203.0.113.9")) ok++;
  assert.equal(ok, 20);
  clock.advance(500);
  ok = 0;
  for (let i = 0; i < 30; i++) if (guard.allowPacket("203.0.113.9")) ok++;
  assert.equal(ok, 5);
  // Another source is not affected.
  assert.equal(guard.allowPacket("203.0.113.10"), true);
});

test("N auth failures within the window → ban with a fail2ban line; the ban lifts after banSeconds", () => {
  const { clock, guard, lines } = setup();
  for (let i = 0; i < 4; i++) guard.authFailed("198.51.100.7");
  assert.equal(guard.allowPacket("198.51.100.7"), true);
  guard.authFailed("198.51.100.7");
  assert.equal(guard.isBanned("198.51.100.7"), true);
  assert.equal(guard.allowPacket("198.51.100.7"), false);
  const ban = lines.map((l) => JSON.parse(l) as { msg: string }).find((r) => r.msg.startsWith("pibx: ban"));
  assert.equal(ban?.msg, "pibx: ban ip=198.51.100.7 reason=auth-failures count=5 seconds=300");
  clock.advance(300_001);
  assert.equal(guard.allowPacket("198.51.100.7"), true);
});

test("failures outside the window do not add up; success resets the count", () => {
  const { clock, guard } = setup();
  for (let i = 0; i < 4; i++) guard.authFailed("a");
  clock.advance(61_000);
  for (let i = 0; i < 4; i++) guard.authFailed("a");
  assert.equal(guard.isBanned("a"), false);
  guard.authSucceeded("a");
  for (let i = 0; i < 4; i++) guard.authFailed("a");
  assert.equal(guard.isBanned("a"), false);
  guard.authFailed("a");
  assert.equal(guard.isBanned("a"), true);
});

test("a sustained flood is banned", () => {
  const { guard, lines } = setup();
  for (let i = 0; i < 100; i++) guard.allowPacket("f");
  assert.equal(guard.isBanned("f"), true);
  assert.ok(lines.some((l) => l.includes("pibx: ban ip=f reason=flood count=50 seconds=300")));
});

test("a registered phone gets a higher allowance; allow-listed sources are never limited", () => {
  const { guard } = setup({ allowList: ["10.0.0.0/8"] }, new Set(["p"]));
  let ok = 0;
  for (let i = 0; i < 200; i++) if (guard.allowPacket("p")) ok++;
  assert.equal(ok, 100); // burst 20 × 5
  for (let i = 0; i < 500; i++) assert.equal(guard.allowPacket("10.1.2.3"), true);
  for (let i = 0; i < 50; i++) guard.authFailed("10.1.2.3");
  assert.equal(guard.isBanned("10.1.2.3"), false);
});

test("memory is bounded: old sources are forgotten, bans are kept first", () => {
  const { guard } = setup({ maxSources: 10, maxAuthFailures: 1 });
  guard.authFailed("banned");
  for (let i = 0; i < 100; i++) guard.allowPacket(`s${i}`);
  assert.ok(guard.trackedSources <= 10);
  assert.equal(guard.isBanned("banned"), true);
});
