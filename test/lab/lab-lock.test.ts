// The lab lock: re-entrant for its holder, taken over from a dead holder, waited for (bounded) while
// a live process holds it.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { LabError } from "./lab-error.ts";
import { acquireLabLock, releaseLabLock } from "./lab-lock.ts";
import { startTimeOf } from "./process.ts";

const dir = mkdtempSync(join(tmpdir(), "pibx-lock-"));
const lock = join(dir, "lab.lock");

describe("lab lock", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is re-entrant and released by its holder", async () => {
    await acquireLabLock(100, undefined, lock);
    await acquireLabLock(100, undefined, lock);
    releaseLabLock(lock);
    assert.equal(existsSync(lock), false);
  });

  it("takes over the lock of a dead process", async () => {
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 1, startTime: "1" }));
    await acquireLabLock(100, undefined, lock);
    releaseLabLock(lock);
    assert.equal(existsSync(lock), false);
  });

  it("waits for a live holder and gives up after the timeout, leaving its lock alone", async () => {
    // The parent of this test process is alive for the whole test.
    writeFileSync(lock, JSON.stringify({ pid: process.ppid, startTime: startTimeOf(process.ppid) }));
    const lines: string[] = [];
    await assert.rejects(
      acquireLabLock(700, (l) => lines.push(l), lock),
      LabError,
    );
    assert.match(lines[0] ?? "", new RegExp(`held by process ${process.ppid}`));
    releaseLabLock(lock);
    assert.equal(existsSync(lock), true);
    rmSync(lock);
  });
});
