// The lab lock: re-entrant for its holder, taken over from a dead holder, waited for (bounded) while
// a live process holds it, shared with the holder's descendants.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { LabError } from "./lab-error.ts";
import { acquireLabLock, foreignLabHolder, releaseLabLock } from "./lab-lock.ts";
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
    // A child of this test: alive for the whole test, and no ancestor of it.
    const holder = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      const pid = holder.pid!;
      writeFileSync(lock, JSON.stringify({ pid, startTime: startTimeOf(pid) }));
      const lines: string[] = [];
      await assert.rejects(
        acquireLabLock(700, (l) => lines.push(l), lock),
        LabError,
      );
      assert.match(lines[0] ?? "", new RegExp(`held by process ${pid}`));
      assert.equal(foreignLabHolder(lock), pid, "`down` would take the lab from its holder");
      releaseLabLock(lock);
      assert.equal(existsSync(lock), true);
      rmSync(lock);
    } finally {
      holder.kill();
    }
  });

  it("lets the descendants of a live holder use the lab, and leaves the lock the holder's", async () => {
    // The parent of this test process plays the test that runs `npm run lab` in a child.
    const owner = JSON.stringify({ pid: process.ppid, startTime: startTimeOf(process.ppid) });
    writeFileSync(lock, owner);
    await acquireLabLock(100, undefined, lock);
    assert.equal(readFileSync(lock, "utf8"), owner);
    assert.equal(foreignLabHolder(lock), undefined);
    releaseLabLock(lock);
    assert.equal(readFileSync(lock, "utf8"), owner);
    rmSync(lock);
  });
});
