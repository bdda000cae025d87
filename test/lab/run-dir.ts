// The run directory: one per lab (default /run/pibx-lab), holding each box's generated configs,
// logs and keys, the pid records of the daemons, and state.json so that another process (the CLI's
// `status`, a test) finds the options the lab was brought up with.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LabError } from "./lab-error.ts";
import { DEFAULT_RUN_DIR, type LabOptions } from "./options.ts";
import type { BoxName } from "./topology.ts";

export type LabSettings = Omit<LabOptions, "log" | "afterDaemonsStarted">;

export interface LabState {
  readonly settings: LabSettings;
  readonly startedAt: string;
  /** Set once `up` has finished; a state without it is a lab still coming up (or a crashed `up`). */
  readonly upAt?: string;
}

export function boxDir(runDir: string, box: BoxName): string {
  const dir = join(runDir, box);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function pidDir(runDir: string): string {
  const dir = join(runDir, "pids");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

const statePath = (runDir: string): string => join(runDir, "state.json");

export function writeState(runDir: string, state: LabState): void {
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  // Holds the lab's passwords: root-only.
  writeFileSync(statePath(runDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function readState(runDir: string = DEFAULT_RUN_DIR): LabState | undefined {
  if (!existsSync(statePath(runDir))) return undefined;
  return JSON.parse(readFileSync(statePath(runDir), "utf8")) as LabState;
}

/** The settings of the running lab; throws when no lab is up. */
export function currentSettings(runDir: string = DEFAULT_RUN_DIR): LabSettings {
  const state = readState(runDir);
  if (!state) throw new LabError(`no lab is up (no ${statePath(runDir)}); run \`npm run lab -- up\``);
  return state.settings;
}
