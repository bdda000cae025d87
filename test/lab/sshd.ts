// sshd on the boxes pibx converges over SSH (lab router, pi): host keys and one client key per lab
// run, generated into the run directory; root logs in with that key only.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DaemonRecord, startDaemonAndWait } from "./daemon.ts";
import { boxDir } from "./run-dir.ts";
import { must } from "./shell.ts";
import { type BoxName, box } from "./topology.ts";

export interface LabSshKey {
  /** Private key file of the lab's client identity. */
  readonly privateKey: string;
  readonly publicKey: string;
  /** known_hosts with every lab sshd's host key, by address. */
  readonly knownHosts: string;
}

export function sshKeyPaths(runDir: string): LabSshKey {
  const dir = join(runDir, "ssh");
  return {
    privateKey: join(dir, "id_ed25519"),
    publicKey: join(dir, "id_ed25519.pub"),
    knownHosts: join(dir, "known_hosts"),
  };
}

async function keygen(path: string, comment: string): Promise<void> {
  if (!existsSync(path))
    await must(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path]);
}

/** The lab's client key (created on first use in this run). */
export async function labSshKey(runDir: string): Promise<LabSshKey> {
  const keys = sshKeyPaths(runDir);
  mkdirSync(join(runDir, "ssh"), { recursive: true, mode: 0o700 });
  await keygen(keys.privateKey, "pibx-lab");
  if (!existsSync(keys.knownHosts)) writeFileSync(keys.knownHosts, "", { mode: 0o600 });
  return keys;
}

export async function startSshd(runDir: string, name: BoxName): Promise<DaemonRecord> {
  const dir = boxDir(runDir, name);
  const keys = await labSshKey(runDir);
  const hostKey = join(dir, "ssh_host_ed25519_key");
  await keygen(hostKey, `pibx-lab-${name}`);
  const addresses = box(name)
    .interfaces.map((i) => i.address?.split("/")[0])
    .filter((a): a is string => a !== undefined);
  const hostPub = readFileSync(`${hostKey}.pub`, "utf8").split(" ").slice(0, 2).join(" ");
  appendFileSync(keys.knownHosts, addresses.map((a) => `${a} ${hostPub}\n`).join(""));
  const authorized = join(dir, "authorized_keys");
  writeFileSync(authorized, readFileSync(keys.publicKey, "utf8"), { mode: 0o600 });
  const config = join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      ...addresses.map((a) => `ListenAddress ${a}:22`),
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${authorized}`,
      "PermitRootLogin prohibit-password",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      // The run directory is root's but not laid out like a home directory.
      "StrictModes no",
      "PrintMotd no",
      "Subsystem sftp internal-sftp",
      "",
    ].join("\n"),
  );
  // sshd insists on its privilege-separation directory (compiled in as /run/sshd).
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  return startDaemonAndWait(runDir, {
    box: name,
    name: "sshd",
    argv: ["/usr/sbin/sshd", "-D", "-e", "-f", config],
    listens: [{ proto: "tcp", port: 22 }],
  });
}

/** argv for `ssh` from inside `fromBox`'s namespace to `target` as root with the lab key. */
export function sshArgv(runDir: string, target: string, command: readonly string[]): string[] {
  const keys = sshKeyPaths(runDir);
  return [
    "ssh",
    "-i",
    keys.privateKey,
    "-o",
    `UserKnownHostsFile=${keys.knownHosts}`,
    "-o",
    "StrictHostKeyChecking=yes",
    "-o",
    "BatchMode=yes",
    "-o",
    "ConnectTimeout=5",
    `root@${target}`,
    ...command,
  ];
}
