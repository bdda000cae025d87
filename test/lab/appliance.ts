// The pi box in process mode: the bundled appliance (one JS file) run with `node` inside the pi's
// namespace, its config written into the run directory, its output captured to a log file.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DaemonRecord, isRunning, startDaemon, stopDaemon } from "./daemon.ts";
import { boxDir, currentSettings } from "./run-dir.ts";

export interface ApplianceOptions {
  /** Path of the bundled appliance JS file. */
  readonly bundle: string;
  /** Appliance config: written as JSON (a string is written as is). */
  readonly config: unknown;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export interface Appliance {
  readonly pid: number;
  readonly configPath: string;
  readonly stateDir: string;
  running(): boolean;
  /** Everything the appliance printed so far. */
  logs(): string;
  /** SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
}

export function startAppliance(o: ApplianceOptions): Appliance {
  const { runDir } = currentSettings();
  const dir = boxDir(runDir, "pi");
  const configPath = join(dir, "appliance-config.json");
  const stateDir = join(dir, "state");
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(configPath, typeof o.config === "string" ? o.config : JSON.stringify(o.config, null, 2), {
    mode: 0o600,
  });
  const record: DaemonRecord = startDaemon(runDir, {
    box: "pi",
    name: "appliance",
    argv: [process.execPath, o.bundle, "--config", configPath, ...(o.args ?? [])],
    env: { ...process.env, PIBX_CONFIG: configPath, PIBX_STATE_DIR: stateDir, ...o.env },
  });
  return {
    pid: record.pid,
    configPath,
    stateDir,
    running: () => isRunning(record),
    logs: () => {
      try {
        return readFileSync(record.log, "utf8");
      } catch {
        return "";
      }
    },
    stop: () => stopDaemon(runDir, "pi", "appliance"),
  };
}
