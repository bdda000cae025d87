// Runs a command on the booted image over SSH with the lab's key (the host's OpenSSH client).
import { spawnSync } from "node:child_process";

export interface SshTarget {
  readonly port: number;
  readonly user: string;
  readonly privateKey: string;
}

export interface SshResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const COMMON = [
  "-o",
  "StrictHostKeyChecking=no",
  "-o",
  "UserKnownHostsFile=/dev/null",
  "-o",
  "LogLevel=ERROR",
  "-o",
  "ConnectTimeout=10",
];

export function ssh(t: SshTarget, command: string, extra: readonly string[] = [], input?: string): SshResult {
  const r = spawnSync(
    "ssh",
    [
      ...COMMON,
      "-o",
      "BatchMode=yes",
      "-i",
      t.privateKey,
      "-p",
      String(t.port),
      ...extra,
      `${t.user}@127.0.0.1`,
      command,
    ],
    { encoding: "utf8", timeout: 60_000, ...(input === undefined ? {} : { input }) },
  );
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** A login with a password only (no key): must be refused. */
export function sshPasswordOnly(t: SshTarget): SshResult {
  const r = spawnSync(
    "ssh",
    [
      ...COMMON,
      "-o",
      "BatchMode=yes",
      "-o",
      "PubkeyAuthentication=no",
      "-o",
      "PreferredAuthentications=password,keyboard-interactive",
      "-p",
      String(t.port),
      `${t.user}@127.0.0.1`,
      "true",
    ],
    { encoding: "utf8", timeout: 60_000 },
  );
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}
