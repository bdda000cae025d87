// Process identity and termination. A pid alone can be reused after a crash, so a recorded process
// is identified by (pid, start time) read from /proc.
import { readFileSync } from "node:fs";
import { sleep } from "./sleep.ts";

/** Start time of `pid` in clock ticks since boot (field 22 of /proc/<pid>/stat), or undefined. */
export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number, startTime?: string): boolean {
  const now = startTimeOf(pid);
  if (now === undefined) return false;
  // A zombie is dead for our purposes.
  try {
    const state = readFileSync(`/proc/${pid}/stat`, "utf8");
    if (state.slice(state.lastIndexOf(")") + 2).startsWith("Z")) return false;
  } catch {
    return false;
  }
  return startTime === undefined || now === startTime;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once every given process is gone. */
export async function terminate(
  procs: readonly { pid: number; startTime?: string }[],
  graceMs = 2000,
): Promise<void> {
  const signal = (sig: NodeJS.Signals): void => {
    for (const p of procs) {
      if (!isAlive(p.pid, p.startTime)) continue;
      try {
        process.kill(p.pid, sig);
      } catch {
        // already gone
      }
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && procs.some((p) => isAlive(p.pid, p.startTime))) await sleep(50);
  signal("SIGKILL");
  const hardDeadline = Date.now() + 2000;
  while (Date.now() < hardDeadline && procs.some((p) => isAlive(p.pid, p.startTime))) await sleep(25);
}
