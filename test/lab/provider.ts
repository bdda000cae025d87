// The provider box: Kamailio as the SIP trunk provider (config from kamailio/provider.cfg), and a
// STUN server next to it (miniupnpd on the home router needs one to learn that 203.0.113.2 is its
// public address: it refuses documentation ranges as "reserved" otherwise).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DaemonRecord, startDaemonAndWait, stopDaemon } from "./daemon.ts";
import { startInternetPhones } from "./internet-phones.ts";
import { LabError } from "./lab-error.ts";
import { boxDir, currentSettings, type LabSettings } from "./run-dir.ts";
import { addressOf } from "./topology.ts";

export const SIP_PORT = 5060;
export const STUN_PORT = 3478;

const here = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = join(here, "..", "..");

function kamailioModulePath(): string {
  for (const dir of readdirSync("/usr/lib")) {
    const candidate = join("/usr/lib", dir, "kamailio", "modules");
    try {
      if (readdirSync(candidate).includes("tm.so")) return candidate;
    } catch {
      // not this one
    }
  }
  throw new LabError("kamailio modules not found under /usr/lib/*/kamailio/modules");
}

const SAFE = /^[A-Za-z0-9._+-]+$/;

function quoted(value: string): string {
  // Kamailio string literals have no escaping worth trusting: refuse what could break out.
  if (/["\\$\s]/.test(value) || value.length === 0) {
    throw new LabError(`value not allowed in the provider config: ${JSON.stringify(value)}`);
  }
  return `"${value}"`;
}

/** The Kamailio config for these settings (pure). */
export function renderProviderConfig(settings: LabSettings, template: string, modulePath: string): string {
  const users = [settings.trunk, settings.pstn, settings.ltePhone];
  for (const u of users) {
    if (!SAFE.test(u.username)) throw new LabError(`SIP user name not allowed: ${u.username}`);
  }
  const values: Record<string, string> = {
    ADDRESS: addressOf("provider"),
    REALM: settings.realm,
    MODULE_PATH: modulePath,
    TRUNK_USER: settings.trunk.username,
    PSTN_USER: settings.pstn.username,
    USERS: users.map((u) => `  $sht(users=>${u.username}) = ${quoted(u.password)};`).join("\n"),
    DIDS: settings.dids.map((d) => `  $sht(dids=>${d}) = 1;`).join("\n"),
  };
  for (const d of settings.dids) if (!SAFE.test(d)) throw new LabError(`DID not allowed: ${d}`);
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new LabError(`provider template: unknown placeholder ${key}`);
    return v;
  });
}

export async function startProvider(runDir: string, settings: LabSettings): Promise<DaemonRecord[]> {
  return Promise.all([startKamailio(runDir, settings), startStunServer(runDir)]);
}

async function startKamailio(runDir: string, settings: LabSettings): Promise<DaemonRecord> {
  const dir = boxDir(runDir, "provider");
  const runtime = join(dir, "kamailio-run");
  mkdirSync(runtime, { recursive: true });
  const template = readFileSync(join(here, "kamailio", "provider.cfg"), "utf8");
  const cfg = join(dir, "kamailio.cfg");
  writeFileSync(cfg, renderProviderConfig(settings, template, kamailioModulePath()), { mode: 0o600 });
  return startDaemonAndWait(runDir, {
    box: "provider",
    name: "kamailio",
    // Foreground, log to stderr, own runtime dir (no /run/kamailio), small memory pools.
    argv: ["kamailio", "-f", cfg, "-DD", "-E", "-Y", runtime, "-m", "32", "-M", "4"],
    listens: [
      { proto: "udp", port: SIP_PORT },
      { proto: "tcp", port: SIP_PORT },
    ],
    // A SIP OPTIONS from the internet side must get its 200.
    probe: { box: "pstn", argv: ["sipsak", "-D", "2", "-s", `sip:${addressOf("provider")}`] },
  });
}

function startStunServer(runDir: string): Promise<DaemonRecord> {
  return startDaemonAndWait(runDir, {
    box: "provider",
    name: "stun",
    argv: [
      process.execPath,
      "--import",
      "tsx",
      join(here, "stun-server.ts"),
      addressOf("provider"),
      String(STUN_PORT),
    ],
    cwd: repoRoot,
    listens: [{ proto: "udp", port: STUN_PORT }],
  });
}

export interface RestartOptions {
  readonly runDir?: string;
  /**
   * Restart the pstn and lte-phone baresips too, so that they register again at once (default
   * true). Phone handles connected before the restart are then dead: connect again.
   */
  readonly reRegisterPhones?: boolean;
}

/** Restarts Kamailio: every registration is forgotten (usrloc lives in memory only). */
export async function restartProvider(o: RestartOptions = {}): Promise<void> {
  const settings = currentSettings(o.runDir);
  await stopDaemon(settings.runDir, "provider", "kamailio");
  await startKamailio(settings.runDir, settings);
  if (o.reRegisterPhones ?? true) await startInternetPhones(settings);
}
