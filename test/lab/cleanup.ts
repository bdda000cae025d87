// Tearing a lab down, also after a crash: stops every process that lives in a `pibx-*` namespace
// (found through the kernel, not just our pid records), every recorded daemon and every process whose
// command line points into the run directory (a process keeps a deleted namespace alive), then
// deletes the namespaces, any `pibx-*` link left in the host namespace, and the run directory.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listDaemons } from "./daemon.ts";
import { isAlive, startTimeOf, terminate } from "./process.ts";
import { run } from "./shell.ts";
import { PREFIX } from "./topology.ts";

interface ProcessId {
  readonly pid: number;
  readonly startTime?: string;
}

const upPath = (runDir: string): string => join(runDir, "up.pid");

/** Records the process running `up`, so that a `down` after a crash can stop it. */
export function recordUpProcess(runDir: string): void {
  const id: ProcessId = { pid: process.pid, startTime: startTimeOf(process.pid) };
  writeFileSync(upPath(runDir), JSON.stringify(id), { mode: 0o600 });
}

export function readUpProcess(runDir: string): ProcessId | undefined {
  if (!existsSync(upPath(runDir))) return undefined;
  const id = JSON.parse(readFileSync(upPath(runDir), "utf8")) as ProcessId;
  return id.pid === process.pid ? undefined : id;
}

export function forgetUpProcess(runDir: string): void {
  rmSync(upPath(runDir), { force: true });
}

export async function labNamespaces(): Promise<string[]> {
  const r = await run(["ip", "-o", "netns", "list"]);
  return r.stdout
    .split("\n")
    .map((l) => l.split(" ")[0] ?? "")
    .filter((n) => n.startsWith(PREFIX));
}

export async function hostLabLinks(): Promise<string[]> {
  const r = await run(["ip", "-o", "link", "show"]);
  return r.stdout
    .split("\n")
    .map((l) => l.split(": ")[1]?.split("@")[0] ?? "")
    .filter((n) => n.startsWith(PREFIX));
}

async function pidsInNamespace(ns: string): Promise<number[]> {
  const r = await run(["ip", "netns", "pids", ns]);
  return r.stdout
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((p) => Number.isInteger(p) && p !== process.pid);
}

/** Processes whose command line mentions the run directory (configs, logs and keys live there). */
export function pidsUsingRunDir(runDir: string): number[] {
  const mine = new Set([process.pid, process.ppid]);
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || mine.has(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (cmdline.some((arg) => arg.startsWith(`${runDir}/`) || arg.includes(`=${runDir}/`))) found.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Every process that belongs to the lab. */
export async function labProcesses(runDir: string): Promise<ProcessId[]> {
  const pids = new Set<number>();
  for (const ns of await labNamespaces()) for (const p of await pidsInNamespace(ns)) pids.add(p);
  for (const p of pidsUsingRunDir(runDir)) pids.add(p);
  const procs: ProcessId[] = [...pids].map((pid) => ({ pid, startTime: startTimeOf(pid) }));
  for (const d of listDaemons(runDir)) if (isAlive(d.pid, d.startTime)) procs.push(d);
  return procs.filter((p) => isAlive(p.pid, p.startTime));
}

export async function destroyLab(runDir: string): Promise<void> {
  // First the process that was bringing the lab up (maybe orphaned by a killed wrapper), so that
  // it cannot create anything behind our back.
  const up = readUpProcess(runDir);
  if (up) await terminate([up], 500);
  await terminate(await labProcesses(runDir));
  for (const ns of await labNamespaces()) await run(["ip", "netns", "del", ns]);
  for (const link of await hostLabLinks()) await run(["ip", "link", "del", link]);
  rmSync(runDir, { recursive: true, force: true });
}
