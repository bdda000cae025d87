// A stand-in Pi for the provider tests: a network namespace `pibxp-<random>` reached through a veth
// pair, running a real OpenSSH server (own host key, own config, key login as root) and, on demand,
// the real appliance (appliance/main.ts through tsx). `close()` stops every process started here
// and removes the namespace and the temp directory.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** True when this process may create namespaces and run sshd (root with `ip` and sshd). */
export function namespacesAvailable(): boolean {
  try {
    return (
      process.getuid?.() === 0 &&
      sh("ip", ["-V"]).length > 0 &&
      sh("sh", ["-c", "command -v /usr/sbin/sshd"]).length > 0
    );
  } catch {
    return false;
  }
}

async function waitFor(
  what: string,
  budgetMs: number,
  probe: () => Promise<boolean> | boolean,
): Promise<void> {
  const deadline = Date.now() + budgetMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not ready within ${budgetMs} ms`);
}

const portOpen = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

export class SshdNamespace {
  readonly id = randomBytes(3).toString("hex");
  readonly ns = `pibxp-${this.id}`;
  readonly dir = mkdtempSync(join(tmpdir(), "pibxp-sshd-"));
  /** /30 in 100.127.0.0/16 (shared address space, unused here): host .1, namespace .2. */
  private readonly net = `100.127.${randomInt(0, 256)}.${randomInt(0, 64) * 4}`;
  readonly host: string;
  readonly hostSide: string;
  readonly port = 2222;
  readonly username = "root";
  privateKey = "";
  private readonly processes: ChildProcess[] = [];

  constructor() {
    const [a, b, c, d] = this.net.split(".").map(Number) as [number, number, number, number];
    this.hostSide = `${a}.${b}.${c}.${d + 1}`;
    this.host = `${a}.${b}.${c}.${d + 2}`;
  }

  async start(): Promise<void> {
    const vethHost = `pibxp${this.id}h`;
    const vethNs = `pibxp${this.id}n`;
    sh("ip", ["netns", "add", this.ns]);
    sh("ip", ["link", "add", vethHost, "type", "veth", "peer", "name", vethNs]);
    sh("ip", ["link", "set", vethNs, "netns", this.ns]);
    sh("ip", ["addr", "add", `${this.hostSide}/30`, "dev", vethHost]);
    sh("ip", ["link", "set", vethHost, "up"]);
    const inNs = (...args: string[]) => sh("ip", ["netns", "exec", this.ns, ...args]);
    inNs("ip", "addr", "add", `${this.host}/30`, "dev", vethNs);
    inNs("ip", "link", "set", vethNs, "up");
    inNs("ip", "link", "set", "lo", "up");

    sh("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(this.dir, "host_key")]);
    sh("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(this.dir, "client_key")]);
    this.privateKey = readFileSync(join(this.dir, "client_key"), "utf8");
    writeFileSync(join(this.dir, "authorized_keys"), readFileSync(join(this.dir, "client_key.pub")));
    const config = join(this.dir, "sshd_config");
    writeFileSync(
      config,
      [
        `ListenAddress ${this.host}:${this.port}`,
        `HostKey ${join(this.dir, "host_key")}`,
        `AuthorizedKeysFile ${join(this.dir, "authorized_keys")}`,
        `PidFile ${join(this.dir, "sshd.pid")}`,
        "PermitRootLogin prohibit-password",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "StrictModes no",
        "",
      ].join("\n"),
    );
    this.spawnInNs("sshd", ["/usr/sbin/sshd", "-D", "-e", "-f", config]);
    await waitFor("sshd", 10_000, () => portOpen(this.host, this.port));
  }

  /** SHA256 fingerprint of the server's host key, as ssh-keygen prints it. */
  hostKeySha256(): string {
    return sh("ssh-keygen", ["-lf", join(this.dir, "host_key.pub")]).split(" ")[1] ?? "";
  }

  private spawnInNs(name: string, command: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
    const log = openSync(join(this.dir, `${name}.log`), "a");
    const child = spawn("ip", ["netns", "exec", this.ns, ...command], {
      stdio: ["ignore", log, log],
      env: { ...process.env, ...env },
    });
    closeSync(log);
    this.processes.push(child);
    return child;
  }

  /** The real appliance, run from the sources, with `config` as its first config file. */
  async startAppliance(configText: string): Promise<ApplianceProcess> {
    const etc = join(this.dir, "etc");
    mkdirSync(etc, { recursive: true });
    const configPath = join(etc, "appliance.json");
    writeFileSync(configPath, configText, { mode: 0o600 });
    const logPath = join(this.dir, "appliance.log");
    const child = this.spawnInNs(
      "appliance",
      [process.execPath, "--import", "tsx", join(repoRoot, "appliance/main.ts"), "--config", configPath],
      { PIBX_STATE_DIR: join(this.dir, "state") },
    );
    await waitFor("the appliance", 30_000, () => {
      try {
        return readFileSync(logPath, "utf8").includes("appliance ready");
      } catch {
        return false;
      }
    });
    return {
      pid: child.pid ?? -1,
      configPath,
      logPath,
      alive: () => child.exitCode === null && !child.killed,
    };
  }

  async close(): Promise<void> {
    for (const child of this.processes.reverse()) {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await waitFor(
          "process exit",
          5_000,
          () => child.exitCode !== null || child.signalCode !== null,
        ).catch(() => child.kill("SIGKILL"));
      }
    }
    try {
      sh("ip", ["netns", "del", this.ns]);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

export interface ApplianceProcess {
  pid: number;
  configPath: string;
  logPath: string;
  alive(): boolean;
}
