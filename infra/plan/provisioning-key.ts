// The provisioning's own secrets (each desk phone's URL token and digest password, the softphone
// onboarding key) derived from one generated key kept in Pulumi state: stable across `pulumi up`
// runs without storing each value, and a device added later gets its own without touching the
// others (HMAC-SHA256 per label, RFC 2104, as the random source of provisioningSecrets).
import { createHmac } from "node:crypto";
import type { Lab } from "../../schemas/index.ts";
import { type ProvisioningSecrets, provisioningSecrets } from "./provisioning.ts";

/** Reserved names in the Appliance's secret map (lab secret names cannot contain a dot). */
export const PROVISIONING_KEY_SECRET = "pibx.provisioningKey";
export const ONBOARDING_KEY_SECRET = "pibx.onboardingKey";

export function derivedProvisioningSecrets(
  lab: Pick<Lab, "devices">,
  key: string,
  onboardingKey?: string,
): ProvisioningSecrets {
  let n = 0;
  // Each call of the random source gets the next block of an HMAC stream: the order of the
  // devices in provisioningSecrets is the lab's, so each device's values depend on its position;
  // keyed by device id instead, an insertion would not move the others' values.
  const forDevice = (id: string) => (bytes: number) => {
    const out = Buffer.alloc(bytes);
    for (let off = 0; off < bytes; off += 32) {
      createHmac("sha256", key).update(`${id}\0${n++}`).digest().copy(out, off);
    }
    return new Uint8Array(out);
  };
  const desk = lab.devices.filter((d) => d.type === "desk");
  const deviceAccess: ProvisioningSecrets["deviceAccess"] = {};
  for (const d of desk) {
    n = 0;
    deviceAccess[d.id] = provisioningSecrets({ devices: [d] }, forDevice(d.id)).deviceAccess[d.id]!;
  }
  n = 0;
  const derivedOnboarding = provisioningSecrets({ devices: [] }, forDevice("onboarding")).onboardingKey;
  return { deviceAccess, onboardingKey: onboardingKey ?? derivedOnboarding };
}
