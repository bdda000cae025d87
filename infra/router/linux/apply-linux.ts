// Converging a Linux router: read, plan, run each step's script (stopping at the first failure,
// which names the step), then read again and check that nothing is left to do.
import type { CommandRunner } from "./command-runner.ts";
import type { LinuxActualState } from "./linux-actual-state.ts";
import type { LinuxDesiredState, LinuxPaths } from "./linux-desired-state.ts";
import { LinuxApplyError, LinuxVerifyError } from "./linux-errors.ts";
import { describeLinuxPlan, type LinuxPlan } from "./linux-plan.ts";
import { planLinux } from "./plan-linux.ts";
import { readLinuxState } from "./read-linux-state.ts";

/** The interfaces whose qdiscs are read: the shaped ones, and the intent's others for removal. */
export const stateDevices = (want: LinuxDesiredState): string[] => [
  ...new Set([...want.shaping.map((s) => s.device), ...want.addresses.map((a) => a.device)]),
];

export async function applyLinuxPlan(runner: CommandRunner, plan: LinuxPlan): Promise<void> {
  for (const step of plan.steps) {
    const r = await runner.run(step.script);
    if (r.code !== 0) throw new LinuxApplyError(step.piece, r.code, r.stderr || r.stdout);
  }
}

export interface LinuxConvergeResult {
  plan: LinuxPlan;
  /** The state read before anything was changed. */
  before: LinuxActualState;
  applied: boolean;
}

export async function convergeLinux(
  runner: CommandRunner,
  want: LinuxDesiredState,
  options: { dryRun?: boolean } = {},
): Promise<LinuxConvergeResult> {
  const devices = stateDevices(want);
  const before = await readLinuxState(runner, want.paths, devices);
  const plan = planLinux(want, before);
  if (options.dryRun || plan.steps.length === 0) return { plan, before, applied: false };
  await applyLinuxPlan(runner, plan);
  const left = planLinux(want, await readLinuxState(runner, want.paths, devices));
  if (left.steps.length) throw new LinuxVerifyError(describeLinuxPlan(left));
  return { plan, before, applied: true };
}

export async function readForPlan(runner: CommandRunner, want: LinuxDesiredState): Promise<LinuxPlan> {
  return planLinux(want, await readLinuxState(runner, want.paths, stateDevices(want)));
}

export type { LinuxPaths };
