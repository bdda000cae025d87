import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock, SystemClock } from "./clock.ts";

test("ManualClock fires due timers in due order, then creation order", () => {
  const clock = new ManualClock();
  const fired: string[] = [];
  clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
  clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
  clock.setTimeout(() => fired.push(`c@${clock.now()}`), 200);
  clock.advance(150);
  assert.deepEqual(fired, ["a@100"]);
  clock.advance(50);
  assert.deepEqual(fired, ["a@100", "b@200", "c@200"]);
  assert.equal(clock.now(), 200);
  assert.equal(clock.pending, 0);
});

test("ManualClock fires timers scheduled by timers within the same advance", () => {
  const clock = new ManualClock();
  const fired: number[] = [];
  const tick = (): void => {
    fired.push(clock.now());
    if (fired.length < 4) clock.setTimeout(tick, 500);
  };
  clock.setTimeout(tick, 500);
  clock.advance(10_000);
  assert.deepEqual(fired, [500, 1000, 1500, 2000]);
  assert.equal(clock.now(), 10_000);
});

test("ManualClock clearTimeout cancels and is idempotent; runAll drains", () => {
  const clock = new ManualClock();
  let n = 0;
  const h = clock.setTimeout(() => n++, 10);
  clock.setTimeout(() => n++, 20);
  clock.clearTimeout(h);
  clock.clearTimeout(h);
  clock.clearTimeout(undefined);
  assert.equal(clock.nextTimerIn(), 20);
  assert.equal(clock.runAll(), 1);
  assert.equal(n, 1);
  assert.equal(clock.now(), 20);
  assert.throws(() => clock.advance(-1), RangeError);
});

test("ManualClock wallTime follows now()", () => {
  const clock = new ManualClock(0, 1_000_000);
  clock.advance(500);
  assert.equal(clock.wallTime().getTime(), 1_000_500);
});

test("SystemClock runs and cancels real timers", async () => {
  const clock = new SystemClock();
  const t0 = clock.now();
  // SystemClock timers are unref'd (they must not hold the process open): keep it alive here.
  const keepAlive = setInterval(() => {}, 1000);
  await new Promise<void>((resolve) => clock.setTimeout(resolve, 5));
  clearInterval(keepAlive);
  assert.ok(clock.now() >= t0);
  let fired = false;
  const h = clock.setTimeout(() => {
    fired = true;
  }, 1);
  clock.clearTimeout(h);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(fired, false);
  assert.equal(clock.pending, 0);
});
