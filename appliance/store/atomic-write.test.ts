import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { removeStaleTemps, writeFileDurable, writeFileDurableSync } from "./atomic-write.ts";
import { loadOrCreateSecret } from "./secret-file.ts";

function withDir(fn: (dir: string) => Promise<void> | void) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "pibx-store-"));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  "durable write replaces the file and leaves no temp file behind",
  withDir(async (dir) => {
    const p = join(dir, "a.json");
    await writeFileDurable(p, "one");
    await writeFileDurable(p, "two");
    writeFileDurableSync(p, "three");
    assert.equal(readFileSync(p, "utf8"), "three");
    assert.deepEqual(readdirSync(dir), ["a.json"]);
  }),
);

test(
  "recovery removes half-written temp files and keeps the last complete file",
  withDir(async (dir) => {
    const p = join(dir, "bindings.json");
    await writeFileDurable(p, '{"ok":true}');
    writeFileSync(`${p}.tmp-999-1`, '{"half');
    assert.equal(removeStaleTemps(p), 1);
    assert.equal(existsSync(`${p}.tmp-999-1`), false);
    assert.equal(readFileSync(p, "utf8"), '{"ok":true}');
  }),
);

test(
  "a secret file is created once and then reused",
  withDir((dir) => {
    const p = join(dir, "nonce.key");
    const a = loadOrCreateSecret(p);
    const b = loadOrCreateSecret(p);
    assert.equal(a.length, 32);
    assert.deepEqual(a, b);
  }),
);
