import assert from "node:assert/strict";
import { test } from "node:test";
import { nextDelay } from "./backoff.ts";

test("delays double up to the cap and stop when the budget would be exceeded", () => {
  const policy = { initialMs: 500, maxMs: 4_000, factor: 2, budgetMs: 10_000 };
  const delays: number[] = [];
  let elapsed = 0;
  for (let attempt = 0; ; attempt++) {
    const delay = nextDelay(policy, attempt, elapsed);
    if (delay === undefined) break;
    delays.push(delay);
    elapsed += delay + 100; // each attempt itself takes 100 ms
  }
  assert.deepEqual(delays, [500, 1000, 2000, 4000]);
  assert.ok(elapsed <= policy.budgetMs);
});
