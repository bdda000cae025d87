// What `npm run lab` did in this lab run, kept in the run directory (chain.json) for `status`,
// `smoke`, `pulumi` and `down`: the appliance's mode, the lab file, each phase with its duration,
// the smoke call's steps and the stack outputs people need. No secret goes in it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SmokeResult } from "./smoke-call.ts";

export type ApplianceMode = "image" | "process";
export type PhaseName = "setup" | "lab" | "image" | "qemu" | "process" | "pulumi up" | "smoke call";

export interface PhaseResult {
  readonly name: PhaseName;
  readonly ok: boolean;
  readonly seconds: number;
  /** One line: what the phase produced, or why it failed. */
  readonly detail: string;
}

export interface ChainRecord {
  readonly mode: ApplianceMode;
  /** As given to pibx:lab (relative to the repository root, or absolute). */
  readonly labFile: string;
  readonly applianceAddress: string;
  readonly phases: PhaseResult[];
  smoke?: SmokeResult;
  outputs?: Record<string, unknown>;
  /** Wall-clock seconds of the whole run (the Pi's phase runs during `pulumi up`). */
  totalSeconds?: number;
  finishedAt?: string;
}

const chainPath = (runDir: string): string => join(runDir, "chain.json");

export function writeChain(runDir: string, record: ChainRecord): void {
  writeFileSync(chainPath(runDir), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

export function readChain(runDir: string): ChainRecord | undefined {
  if (!existsSync(chainPath(runDir))) return undefined;
  return JSON.parse(readFileSync(chainPath(runDir), "utf8")) as ChainRecord;
}

/** A phase that failed: its first line says what, `detail` the rest (a log tail). */
export class PhaseError extends Error {
  override name = "PhaseError";
  constructor(
    readonly phase: PhaseName,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** Runs one phase, timing it; a failure is recorded with its message and thrown as PhaseError. */
export async function runPhase(
  phases: PhaseResult[],
  name: PhaseName,
  body: () => Promise<string>,
  now: () => number = Date.now,
): Promise<void> {
  const started = now();
  try {
    const detail = await body();
    phases.push({ name, ok: true, seconds: (now() - started) / 1000, detail });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const [first = "", ...rest] = message.split("\n");
    phases.push({ name, ok: false, seconds: (now() - started) / 1000, detail: first });
    throw new PhaseError(name, first, rest.join("\n").trim() || undefined);
  }
}
