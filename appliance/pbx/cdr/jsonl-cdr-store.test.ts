import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { CallDetailRecord } from "./cdr-record.ts";
import { outcomeOfStatus } from "./cdr-record.ts";
import { JsonlCdrStore, readCdrFile } from "./jsonl-cdr-store.ts";

function rec(id: string): CallDetailRecord {
  return {
    id,
    callId: `c-${id}`,
    from: "1001",
    to: "1002",
    start: "2026-01-01T00:00:00.000Z",
    end: "2026-01-01T00:00:10.000Z",
    durationSeconds: 10,
    billableSeconds: 0,
    outcome: "busy",
    status: 486,
  };
}

test("records are appended as lines and read back", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cdr-"));
  try {
    const path = join(dir, "sub", "cdr.jsonl");
    const store = new JsonlCdrStore(path);
    assert.deepEqual(store.open().records, []);
    await store.write(rec("1"));
    await store.write(rec("2"));
    await store.close();
    assert.deepEqual(
      readCdrFile(path).records.map((r) => r.id),
      ["1", "2"],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a torn last line is skipped and cut off before the next append", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cdr-"));
  try {
    const path = join(dir, "cdr.jsonl");
    const store = new JsonlCdrStore(path);
    store.open();
    await store.write(rec("1"));
    await store.close();
    appendFileSync(path, '{"id":"2","callId":"c-2","fr'); // power cut mid-write
    const again = new JsonlCdrStore(path);
    const recovered = again.open();
    assert.deepEqual(
      recovered.records.map((r) => r.id),
      ["1"],
    );
    assert.equal(recovered.skipped, 1);
    await again.write(rec("3"));
    await again.close();
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    assert.equal(lines.length, 2);
    assert.deepEqual(
      readCdrFile(path).records.map((r) => r.id),
      ["1", "3"],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("SIP statuses map to outcomes", () => {
  assert.equal(outcomeOfStatus(200), "answered");
  assert.equal(outcomeOfStatus(486), "busy");
  assert.equal(outcomeOfStatus(480), "no-answer");
  assert.equal(outcomeOfStatus(487), "cancelled");
  assert.equal(outcomeOfStatus(503), "failed");
});
