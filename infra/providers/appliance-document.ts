// The config file pushed to the appliance, rendered from the lab and the secret values, and checked
// against the appliance-config schema before it leaves this machine. Pure.
import { parseApplianceConfig } from "../../schemas/appliance-config/index.ts";
import type { Lab } from "../../schemas/index.ts";
import { planApplianceConfig } from "../plan/appliance-config.ts";
import {
  derivedProvisioningSecrets,
  ONBOARDING_KEY_SECRET,
  PROVISIONING_KEY_SECRET,
} from "../plan/provisioning-key.ts";
import { ApplianceConfigInvalidError } from "./appliance-errors.ts";
import { sha256Hex } from "./appliance-push.ts";

export interface DocumentOptions {
  /** The appliance's state directory (default: the plan's, /var/lib/pibx). */
  stateDir?: string;
  /** Whose daylight-saving dates the phones get (default: this year). */
  year?: number;
}

/** The file text: stable key order (the plan's), two-space JSON, trailing newline. */
export function renderApplianceDocument(
  lab: Lab,
  secrets: Readonly<Record<string, string>>,
  options: DocumentOptions = {},
): string {
  // The provisioning section (phones' files, softphone onboarding) when the stack gave its key.
  const key = secrets[PROVISIONING_KEY_SECRET];
  const config = planApplianceConfig(lab, {
    secrets,
    ...(options.stateDir !== undefined ? { stateDir: options.stateDir } : {}),
    ...(key !== undefined
      ? {
          provisioning: {
            secrets: derivedProvisioningSecrets(lab, key, secrets[ONBOARDING_KEY_SECRET]),
            year: options.year ?? new Date().getUTCFullYear(),
          },
        }
      : {}),
  });
  const text = `${JSON.stringify(config, null, 2)}\n`;
  const parsed = parseApplianceConfig(text);
  if (!parsed.ok) throw new ApplianceConfigInvalidError(parsed.problems);
  return text;
}

/** Secret name → sha256 of its value: kept in state as a secret, compared to say "rotated". */
export function secretDigests(secrets: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(secrets)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => [name, sha256Hex(`pibx-secret\0${name}\0${value}`)]),
  );
}

/** The trunks that must show as registered after a push. */
export function registeringTrunks(lab: Lab): string[] {
  return lab.trunks.filter((t) => t.register).map((t) => t.name);
}
