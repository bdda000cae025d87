// `down` removes everything, also after the process that was bringing the lab up was killed with
// SIGKILL half-way (its daemons orphaned, the real `up` process maybe still running under a killed
// tsx wrapper), and is idempotent.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { hostLabLinks, labNamespaces, pidsUsingRunDir } from "./cleanup.ts";
import { down } from "./lab.ts";
import { notRoot } from "./lab-fixture.ts";
import { DEFAULT_RUN_DIR } from "./options.ts";
import { isAlive } from "./process.ts";
import { sleep } from "./sleep.ts";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const tsx = join(repo, "node_modules", ".bin", "tsx");
const runDir = DEFAULT_RUN_DIR;

interface Proc {
  readonly pid: number;
  readonly startTime?: string;
}

function recordedProcesses(): Proc[] {
  const dir = join(runDir, "pids");
  const daemons = existsSync(dir)
    ? readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Proc)
    : [];
  const upPid = join(runDir, "up.pid");
  return existsSync(upPid) ? [...daemons, JSON.parse(readFileSync(upPid, "utf8")) as Proc] : daemons;
}

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on("exit", (code) => resolve(code));
  });
}

async function assertClean(procs: readonly Proc[]): Promise<void> {
  assert.deepEqual(await labNamespaces(), [], "pibx-* namespaces left");
  assert.deepEqual(await hostLabLinks(), [], "pibx-* links left in the host namespace");
  assert.deepEqual(
    procs.filter((p) => isAlive(p.pid, p.startTime)).map((p) => p.pid),
    [],
    "lab processes left",
  );
  assert.deepEqual(pidsUsingRunDir(runDir), [], "processes still using the run directory");
  assert.equal(existsSync(runDir), false, "run directory left");
}

describe("lab down", { skip: notRoot }, () => {
  it("cleans up after `up` was killed with SIGKILL half-way", async () => {
    let child: ChildProcess | undefined;
    let procs: Proc[] = [];
    try {
      child = spawn(tsx, ["test/lab/cli.ts", "up"], {
        cwd: repo,
        stdio: "ignore",
        env: { ...process.env, PIBX_LAB_STALL_MS: "20000" },
      });
      // Half-way: namespaces exist and daemons run, `up` has not finished.
      const started = await waitFor(() => recordedProcesses().length >= 8, 30_000);
      assert.ok(started, "the lab's daemons did not start");
      procs = recordedProcesses();
      assert.ok(procs.some((p) => isAlive(p.pid, p.startTime)));
      child.kill("SIGKILL");
      await exited(child);
      assert.ok((await labNamespaces()).length > 0, "nothing to clean up: the test proves nothing");
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await down();
    }
    await assertClean(procs);
  });

  it("cleans up a finished lab from another process, and a second down is a no-op", async () => {
    let procs: Proc[] = [];
    try {
      const upChild = spawn(tsx, ["test/lab/cli.ts", "up"], { cwd: repo, stdio: "ignore" });
      assert.equal(await exited(upChild), 0, "up failed");
      procs = recordedProcesses();
      assert.ok(procs.length >= 8 && procs.every((p) => isAlive(p.pid, p.startTime)));
      const downChild = spawn(tsx, ["test/lab/cli.ts", "down"], { cwd: repo, stdio: "ignore" });
      assert.equal(await exited(downChild), 0, "down failed");
    } finally {
      await down();
    }
    await assertClean(procs);
    await down();
    await assertClean(procs);
  });
});
