// The semantic checks, run on a lab that passed the schema.
import type { Lab } from "../generated/lab.ts";
import { checkAudioFiles } from "./audio-files.ts";
import { checkBusinessHours } from "./business-hours.ts";
import { checkDestinations } from "./destinations.ts";
import { checkDhcpPools } from "./dhcp-pools.ts";
import { checkDscp } from "./dscp.ts";
import { checkEmergency } from "./emergency.ts";
import type { Finding } from "./finding.ts";
import { checkHomeForwards } from "./home-forwards.ts";
import { checkIvrPrefixes } from "./ivr-prefixes.ts";
import { checkMacAddresses } from "./mac-addresses.ts";
import { checkNumberingPlan } from "./numbering-plan.ts";
import { checkPortForwards } from "./port-forwards.ts";
import { checkPorts } from "./ports.ts";
import { checkProvisioningOptions } from "./provisioning-options.ts";
import { checkReferences } from "./references.ts";
import { checkRtpRange } from "./rtp-range.ts";
import { checkSecrets } from "./secrets.ts";
import { checkUniqueNames } from "./unique-names.ts";

export type { Finding } from "./finding.ts";

export const checks: readonly ((lab: Lab) => Finding[])[] = [
  checkNumberingPlan,
  checkUniqueNames,
  checkReferences,
  checkDestinations,
  checkSecrets,
  checkEmergency,
  checkMacAddresses,
  checkIvrPrefixes,
  checkRtpRange,
  checkPortForwards,
  checkHomeForwards,
  checkPorts,
  checkDhcpPools,
  checkProvisioningOptions,
  checkDscp,
  checkBusinessHours,
  checkAudioFiles,
];

export function runChecks(lab: Lab): Finding[] {
  return checks.flatMap((check) => check(lab));
}
