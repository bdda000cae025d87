// `npm run lab -- --fast`: the pi box as a Pi in process mode. The bundled appliance runs with node
// in the pi's namespace on a first config (the seed a real Pi gets on its boot partition), and the
// box's sshd lets the lab's operator key in as the lab's admin user (`appliance.ssh.user`, "pibx"),
// so that `pulumi up`'s Appliance component pushes to it exactly as to a Pi; only the push contract
// (infra/providers/appliance-remote.ts) differs: a config file in the run directory, SIGHUP to the
// process, the process's log, its admin endpoint for trunk health.
//
// The box shares the host's file system, where no "pibx" account exists (and none is created): the
// box's sshd runs in a mount namespace of its own whose /etc/passwd adds "pibx" as another name
// for root, which the run directory (root's, 0700) and the SIGHUP need anyway.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Lab } from "../../schemas/index.ts";
import { type Appliance, startAppliance } from "./appliance.ts";
import { startDaemonAndWait, stopDaemon } from "./daemon.ts";
import { LabError } from "./lab-error.ts";
import { boxDir } from "./run-dir.ts";
import { sleep } from "./sleep.ts";

/** The push contract for the appliance run by startPiProcess (pibx:applianceRemote). */
export interface ProcessRemote {
  configPath: string;
  configGroup: string;
  sudo: boolean;
  reloadCommand: string;
  logCommand: string;
  statusCommand: string;
  statusUrl: string;
}

export interface PiProcess {
  readonly appliance: Appliance;
  readonly remote: ProcessRemote;
  readonly pidFile: string;
}

const USER_RE = /^[a-z_][a-z0-9_-]{0,31}$/;

/** /etc/passwd with `user` added as uid 0 (unless it is there already). Pure. */
export function passwdWithAlias(passwd: string, user: string): string {
  if (!USER_RE.test(user)) throw new LabError(`not a user name: ${user}`);
  if (passwd.split("\n").some((l) => l.split(":")[0] === user)) return passwd;
  const body = passwd.endsWith("\n") || passwd === "" ? passwd : `${passwd}\n`;
  return `${body}${user}:x:0:0:pibx virtual lab admin (root in the pi box):/root:/bin/bash\n`;
}

/** The contract for an appliance whose config, pid and log live in `dir`. Pure. */
export function processRemote(dir: string, adminPort: number): ProcessRemote {
  const pid = `"$(cat '${join(dir, "appliance.pid")}')"`;
  return {
    configPath: join(dir, "appliance-config.json"),
    // No service group on the host: the file stays root's, 0600.
    configGroup: "",
    sudo: false,
    reloadCommand: `kill -HUP ${pid}`,
    logCommand: `cat '${join(dir, "appliance.log")}'`,
    statusCommand: `kill -0 ${pid}`,
    statusUrl: `http://127.0.0.1:${adminPort}/status`,
  };
}

/** Restarts the pi box's sshd so that `user` logs in (as root) with the lab's key. */
async function startAdminSshd(runDir: string, user: string): Promise<void> {
  const dir = boxDir(runDir, "pi");
  const passwd = join(dir, "passwd");
  writeFileSync(passwd, passwdWithAlias(readFileSync("/etc/passwd", "utf8"), user), { mode: 0o644 });
  await stopDaemon(runDir, "pi", "sshd");
  await startDaemonAndWait(runDir, {
    box: "pi",
    name: "sshd",
    argv: [
      "unshare",
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      'mount --bind "$1" /etc/passwd && shift && exec "$@"',
      "sh",
      passwd,
      "/usr/sbin/sshd",
      "-D",
      "-e",
      "-f",
      join(dir, "sshd_config"),
    ],
    listens: [{ proto: "tcp", port: 22 }],
  });
}

/**
 * The appliance in the pi box on `seed` (the config text) and, once `ready` says it is up, an sshd
 * for the lab's admin user. `bundle`: dist/appliance.mjs.
 */
export async function startPiProcess(
  runDir: string,
  lab: Lab,
  bundle: string,
  seed: string,
  ready: (a: Appliance) => Promise<void>,
): Promise<PiProcess> {
  const dir = boxDir(runDir, "pi");
  const appliance = startAppliance({ bundle, config: seed });
  const pidFile = join(dir, "appliance.pid");
  writeFileSync(pidFile, `${appliance.pid}\n`);
  // SSH last: a push must not reach an appliance that is still starting (its SIGHUP would be lost).
  await ready(appliance);
  await startAdminSshd(runDir, lab.appliance.ssh.user);
  return { appliance, remote: processRemote(dir, lab.appliance.admin.port), pidFile };
}

/** Until the appliance logs "appliance ready" (its SIGHUP handler is live from then on). */
export async function waitForReady(a: Appliance, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const logs = a.logs();
    if (logs.includes('"appliance ready"')) return;
    if (!a.running()) throw new LabError("the appliance exited", logs.split("\n").slice(-20).join("\n"));
    if (Date.now() >= deadline)
      throw new LabError(`the appliance was not ready within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}
