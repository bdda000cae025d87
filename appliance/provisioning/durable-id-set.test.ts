import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DurableIdSet } from "./durable-id-set.ts";

test("ids survive a reopen; a second add of the same id is refused; expired ids are dropped", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-idset-"));
  try {
    const path = join(dir, "used.json");
    writeFileSync(`${path}.tmp-1-1`, "[half"); // left by a crash
    const a = DurableIdSet.open(path);
    assert.deepEqual(readdirSync(dir), []);
    assert.equal(await a.add("n1", 5_000, 1_000), true);
    assert.equal(await a.add("n1", 5_000, 1_000), false);
    assert.equal(await a.add("forever", null, 1_000), true);
    const b = DurableIdSet.open(path);
    assert.ok(b.has("n1"));
    assert.ok(b.has("forever"));
    await b.add("n2", 9_000, 6_000); // n1 expired at 5000
    assert.ok(!DurableIdSet.open(path).has("n1"));
    await b.delete("forever");
    assert.ok(!DurableIdSet.open(path).has("forever"));
    assert.deepEqual(readdirSync(dir), ["used.json"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an unreadable file is an error, never an empty set (used tokens would become replayable)", () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-idset-"));
  try {
    const path = join(dir, "used.json");
    writeFileSync(path, "{not json");
    assert.throws(() => DurableIdSet.open(path), { name: "ParseError" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
