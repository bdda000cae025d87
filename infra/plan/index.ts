// The plan: everything pibx derives from a Lab, as pure functions (no I/O, no Pulumi).
import type { Lab } from "../../schemas/index.ts";
import { type PortForwardChain, portForwardChain } from "./port-forwards.ts";
import { planSecrets, type SecretPlan } from "./secrets.ts";
import { type LabSummary, summarizeLab } from "./summary.ts";

export { describeDestination } from "./destination.ts";
export * from "./port-forwards.ts";
export * from "./secrets.ts";
export * from "./summary.ts";

export interface LabPlan {
  summary: LabSummary;
  portForwards: PortForwardChain;
  secrets: SecretPlan[];
}

export function planLab(lab: Lab): LabPlan {
  return {
    summary: summarizeLab(lab),
    portForwards: portForwardChain(lab),
    secrets: planSecrets(lab.secrets, lab),
  };
}
