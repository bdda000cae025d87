import assert from "node:assert/strict";
import { test } from "node:test";
import { MAGIC_COOKIE, RandomIdSource } from "./ids.ts";
import { cryptoRandom, SeededRandom } from "./random.ts";

test("seeded random is deterministic per seed and differs across seeds", () => {
  const a = new SeededRandom(42).fill(new Uint8Array(16));
  const b = new SeededRandom(42).fill(new Uint8Array(16));
  const c = new SeededRandom(43).fill(new Uint8Array(16));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test("seeded random spreads bytes roughly uniformly", () => {
  const buf = new SeededRandom(7).fill(new Uint8Array(64_000));
  const counts = new Array<number>(256).fill(0);
  for (const x of buf) counts[x]!++;
  for (const c of counts) assert.ok(c > 150 && c < 350, `bucket count ${c}`);
});

test("branches carry the magic cookie, tags and Call-IDs are tokens", () => {
  const ids = new RandomIdSource(new SeededRandom(1));
  const branch = ids.branch();
  assert.ok(branch.startsWith(MAGIC_COOKIE));
  assert.equal(branch.length, MAGIC_COOKIE.length + 16);
  assert.match(ids.tag(), /^[0-9a-zA-Z]{12}$/);
  assert.match(ids.callId("pbx.example"), /^[0-9a-zA-Z]{24}@pbx\.example$/);
  assert.match(ids.callId(), /^[0-9a-zA-Z]{24}$/);
});

test("ids from the same seed repeat; crypto ids do not collide", () => {
  assert.equal(new RandomIdSource(new SeededRandom(5)).tag(), new RandomIdSource(new SeededRandom(5)).tag());
  const real = new RandomIdSource(cryptoRandom);
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) seen.add(real.branch());
  assert.equal(seen.size, 1000);
});
