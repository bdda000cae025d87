// The provisioning part of the appliance config, as pushed by the Pulumi side
// (infra/plan/provisioning.ts builds the same shape; test/provisioning checks they agree).
import type { DeviceProvisioning } from "./device-provisioning.ts";

/**
 * Whether a device's secret file is served to a request that carries neither its token nor its
 * digest credentials (first contact: the phone knows only its MAC):
 * - `until-enrolled`: until the device has once come back with its token or credentials
 *   (trust on first use; phones whose profile can point them at an authenticated URL);
 * - `always`: TFTP-only firmware that re-reads the MAC-named file at every boot (79xx);
 * - `never`: softphones, onboarded by one-time token only.
 */
export type FirstContact = "until-enrolled" | "always" | "never";

export interface ProvisionedDevice {
  readonly device: DeviceProvisioning;
  /** The per-device URL token: `<pathPrefix>/d/<token>/<file>`. */
  readonly token: string;
  readonly firstContact: FirstContact;
}

export interface ProvisioningConfig {
  /** e.g. `/prov` */
  readonly pathPrefix: string;
  /** The option-160 URL (`http://172.16.0.10/prov/$PN/$MA.xml`). */
  readonly ciscoMppProfileUrl: string;
  /** Sources allowed TFTP and first-contact fetches (the lab LAN). */
  readonly lanPrefixes: readonly string[];
  /** Base64 HMAC key shared with the Pulumi side, verifying onboarding tokens. */
  readonly onboardingKey: string;
  readonly devices: readonly ProvisionedDevice[];
}
