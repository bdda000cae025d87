// Long-running programs of the lab (Kamailio, baresip, sshd, miniupnpd, dhclient…): started inside
// a box's namespace, detached from the process that started them (so `up` can exit), logging to a
// file in the run directory, and recorded by (pid, start time) so that `down` can stop them later.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LabError } from "./lab-error.ts";
import { isAlive, startTimeOf, terminate } from "./process.ts";
import { boxDir, pidDir } from "./run-dir.ts";
import { inNetns } from "./shell.ts";
import { type BoxName, netnsOf } from "./topology.ts";
import { type Proto, waitForPort } from "./wait-for-port.ts";

export interface Listen {
  readonly proto: Proto;
  readonly port: number;
}

export interface Probe {
  readonly box: BoxName;
  readonly argv: readonly string[];
}

export interface DaemonSpec {
  readonly box: BoxName;
  /** Unique within the box: "kamailio", "baresip", "sshd"… */
  readonly name: string;
  readonly argv: readonly string[];
  /** Sockets that prove the daemon is up (its health in `status`). */
  readonly listens?: readonly Listen[];
  /** A protocol-level check for `status`: a command run in a box, healthy if it exits 0. */
  readonly probe?: Probe;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface DaemonRecord extends DaemonSpec {
  readonly pid: number;
  readonly startTime: string;
  readonly log: string;
}

const recordPath = (runDir: string, box: BoxName, name: string): string =>
  join(pidDir(runDir), `${box}.${name}.json`);

export function startDaemon(runDir: string, spec: DaemonSpec): DaemonRecord {
  const log = join(boxDir(runDir, spec.box), `${spec.name}.log`);
  const fd = openSync(log, "a");
  try {
    const argv = inNetns(netnsOf(spec.box), spec.argv);
    const child = spawn(argv[0]!, argv.slice(1), {
      detached: true,
      stdio: ["ignore", fd, fd],
      cwd: spec.cwd,
      env: spec.env ?? process.env,
    });
    child.on("error", () => {});
    child.unref();
    if (child.pid === undefined) throw new LabError(`cannot start ${spec.name} on ${spec.box}`);
    const record: DaemonRecord = { ...spec, pid: child.pid, startTime: startTimeOf(child.pid) ?? "", log };
    writeFileSync(recordPath(runDir, spec.box, spec.name), JSON.stringify(record), { mode: 0o600 });
    return record;
  } finally {
    closeSync(fd);
  }
}

/** Starts a daemon and waits until its sockets listen; fails early (with its log) if it dies. */
export async function startDaemonAndWait(
  runDir: string,
  spec: DaemonSpec,
  timeoutMs = 15_000,
): Promise<DaemonRecord> {
  const record = startDaemon(runDir, spec);
  for (const l of spec.listens ?? []) {
    const ok = await waitForPort(spec.box, l.proto, l.port, timeoutMs, () => isRunning(record));
    if (!ok) {
      throw new LabError(
        `${spec.name} on ${spec.box} did not listen on ${l.proto}/${l.port}`,
        logTail(record),
      );
    }
  }
  return record;
}

export function logTail(record: DaemonRecord, lines = 20): string {
  try {
    return readFileSync(record.log, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

export function isRunning(record: DaemonRecord): boolean {
  return isAlive(record.pid, record.startTime);
}

export function listDaemons(runDir: string): DaemonRecord[] {
  if (!existsSync(join(runDir, "pids"))) return [];
  return readdirSync(join(runDir, "pids"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(runDir, "pids", f), "utf8")) as DaemonRecord);
}

export function findDaemon(runDir: string, box: BoxName, name: string): DaemonRecord | undefined {
  const path = recordPath(runDir, box, name);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as DaemonRecord) : undefined;
}

export async function stopDaemon(runDir: string, box: BoxName, name: string): Promise<void> {
  const record = findDaemon(runDir, box, name);
  if (!record) return;
  await terminate([record]);
  rmSync(recordPath(runDir, box, name), { force: true });
}
