// Sending a plan: `configure terminal`, each line read back to its prompt, stop at IOS's first
// error (naming the line), `end`, and `write memory` only when every line was accepted — a failed
// run leaves the startup-config as it was, so a reload undoes a half-applied change.
import { IosCommandError, IosSessionError } from "../router-errors.ts";
import type { ConfigNode } from "./config-node.ts";
import type { IosDesiredConfig } from "./ios-desired-config.ts";
import { iosErrorIn } from "./ios-output.ts";
import { IosShell, type IosTarget } from "./ios-shell.ts";
import { parseRunningConfig } from "./parse-running-config.ts";
import { type IosPlan, planIos, planToCliLines } from "./plan-ios.ts";

/** Removes the echo of the command (the first line) from its output. */
function withoutEcho(output: string): string {
  const nl = output.indexOf("\n");
  return nl < 0 ? "" : output.slice(nl + 1);
}

export async function fetchRunningConfig(shell: IosShell): Promise<string> {
  const out = await shell.exec("show running-config");
  const error = iosErrorIn(out);
  if (error) throw new IosCommandError("show running-config", 0, out, error);
  return withoutEcho(out);
}

export async function readRunning(shell: IosShell): Promise<ConfigNode[]> {
  return parseRunningConfig(await fetchRunningConfig(shell)).nodes;
}

/** Types `lines` in configuration mode; saves with `write memory` only if all were accepted. */
export async function applyCliLines(shell: IosShell, lines: string[]): Promise<void> {
  await expectAccepted(shell, "configure terminal", 0);
  if (!shell.prompt.includes("(config"))
    throw new IosSessionError("prompt", `not in configuration mode: ${shell.prompt}`);
  for (const [i, line] of lines.entries()) {
    const before = shell.prompt;
    const out = await shell.exec(line);
    const error = iosErrorIn(out);
    if (error) {
      await shell.exec("end");
      throw new IosCommandError(line, i + 1, before + out, error);
    }
  }
  await expectAccepted(shell, "end", lines.length + 1);
  const saved = await shell.exec("write memory");
  if (!/\[OK\]/.test(saved))
    throw new IosSessionError("save", `write memory did not answer [OK]: ${JSON.stringify(saved)}`);
}

async function expectAccepted(shell: IosShell, line: string, index: number): Promise<void> {
  const before = shell.prompt;
  const out = await shell.exec(line);
  const error = iosErrorIn(out);
  if (error) throw new IosCommandError(line, index, before + out, error);
}

export interface ConvergeResult {
  plan: IosPlan;
  /** The exact lines typed in configuration mode (empty when nothing had to change). */
  cliLines: string[];
  applied: boolean;
  /** The running-config read before anything was changed. */
  before: ConfigNode[];
}

/** Reads the router, plans against `desired`, and applies unless `dryRun`. */
export async function convergeIos(
  target: IosTarget,
  desired: IosDesiredConfig,
  options: { dryRun?: boolean } = {},
): Promise<ConvergeResult> {
  const shell = await IosShell.open(target);
  try {
    const before = await readRunning(shell);
    const plan = planIos(desired, before);
    const cliLines = planToCliLines(plan);
    if (options.dryRun || cliLines.length === 0) return { plan, cliLines, applied: false, before };
    await applyCliLines(shell, cliLines);
    return { plan, cliLines, applied: true, before };
  } finally {
    shell.close();
  }
}
