// The secrets provisioning adds to the lab's own: a URL token and a digest password per desk
// phone, and the onboarding key shared with the appliance. Generated once by the Pulumi side
// (randomness injected here) and kept in Pulumi state as secrets, so they stay stable across
// `pulumi up` runs: phones keep their resync URL.
import type { Lab } from "../../schemas/index.ts";
import type { DeviceAccessSecret } from "./provisioning-types.ts";

export interface ProvisioningSecrets {
  readonly deviceAccess: Record<string, DeviceAccessSecret>;
  /** Base64, 32 bytes. */
  readonly onboardingKey: string;
}

/**
 * Fills in what `existing` lacks for the lab's desk phones (and drops removed devices).
 * `random(n)` returns n random bytes (crypto.randomBytes on the operator's machine).
 */
export function provisioningSecrets(
  lab: Pick<Lab, "devices">,
  random: (bytes: number) => Uint8Array,
  existing?: ProvisioningSecrets,
): ProvisioningSecrets {
  const b64url = (n: number) => Buffer.from(random(n)).toString("base64url");
  const deviceAccess: Record<string, DeviceAccessSecret> = {};
  for (const d of lab.devices) {
    if (d.type !== "desk") continue;
    // 18 bytes → 24 URL-safe characters; the password avoids characters phones' web forms mangle.
    deviceAccess[d.id] = existing?.deviceAccess[d.id] ?? { token: b64url(18), password: b64url(15) };
  }
  return {
    deviceAccess,
    onboardingKey: existing?.onboardingKey ?? Buffer.from(random(32)).toString("base64"),
  };
}
