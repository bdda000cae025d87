// One lab per machine (namespace names are fixed): the process that brought the lab up holds a lock
// until it takes the lab down or dies. Another `up` meanwhile waits instead of tearing down a lab
// that a test in another process is using. A lab brought up by the CLI is held by a process that
// has exited, so the next `up` may replace it.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { LabError } from "./lab-error.ts";
import { isAlive, startTimeOf } from "./process.ts";
import { sleep } from "./sleep.ts";

export const LOCK_PATH = "/run/pibx-lab.lock";

interface Owner {
  readonly pid: number;
  readonly startTime?: string;
}

function readOwner(path: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Owner;
  } catch {
    return undefined;
  }
}

const isMe = (o: Owner): boolean => o.pid === process.pid;

/** The parent of `pid` (field 4 of /proc/<pid>/stat), or undefined. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/**
 * The holder is a live ancestor of this process: a test holding the lab that runs `npm run lab`
 * in a child uses the lab under its lock, and the lock stays the test's when the child exits.
 */
function isAncestor(o: Owner): boolean {
  if (!isAlive(o.pid, o.startTime)) return false;
  for (let pid = parentOf(process.pid); pid !== undefined && pid > 1; pid = parentOf(pid)) {
    if (pid === o.pid) return true;
  }
  return false;
}

/** Takes the lab lock, waiting up to `timeoutMs` while another live process holds it. */
export async function acquireLabLock(
  timeoutMs: number,
  log: (line: string) => void = () => {},
  path = LOCK_PATH,
): Promise<void> {
  const me: Owner = { pid: process.pid, startTime: startTimeOf(process.pid) };
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: "wx", mode: 0o600 });
      return;
    } catch {
      const owner = readOwner(path);
      if (owner && isAncestor(owner)) return;
      if (!owner || isMe(owner) || !isAlive(owner.pid, owner.startTime)) {
        // Ours already, or stale: take it over.
        writeFileSync(path, JSON.stringify(me), { mode: 0o600 });
        return;
      }
      if (Date.now() >= deadline) {
        throw new LabError(`the lab is in use by process ${owner.pid} (lock ${path}); gave up waiting`);
      }
      if (!told) {
        log(`waiting for the lab held by process ${owner.pid}`);
        told = true;
      }
      await sleep(500);
    }
  }
}

/** The live process other than this one (or its ancestors) that holds the lab, if any. */
export function foreignLabHolder(path = LOCK_PATH): number | undefined {
  const owner = readOwner(path);
  if (!owner || isMe(owner) || !isAlive(owner.pid, owner.startTime) || isAncestor(owner)) return undefined;
  return owner.pid;
}

/** Releases the lock if this process holds it, or if its holder is gone. */
export function releaseLabLock(path = LOCK_PATH): void {
  const owner = readOwner(path);
  if (owner && isAncestor(owner)) return;
  if (!owner || isMe(owner) || !isAlive(owner.pid, owner.startTime)) rmSync(path, { force: true });
}
