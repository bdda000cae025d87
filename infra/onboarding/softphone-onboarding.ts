// Softphone onboarding, derived from the Lab: for each softphone, a Linphone remote-provisioning
// URL carrying a one-time expiring token, and the plain SIP account for other apps. Pure: the
// clock and the nonces come in as arguments. The Pulumi program (infra/index.ts) and
// `pibx onboard` call these.
import type { Lab } from "../../schemas/index.ts";
import { type PlannedDevice, planDeviceProvisioning, provisioningBaseUrl } from "../plan/provisioning.ts";
import { issueOnboardingToken } from "./onboarding-token.ts";
import { qrPng, qrTerminal } from "./qr-code.ts";
import { type SipAccount, sipAccountText, sipAccountUri } from "./sip-account-uri.ts";

/** How long an onboarding QR code stays valid. */
export const DEFAULT_ONBOARDING_TTL_MS = 24 * 3600_000;

export interface OnboardingInputs {
  readonly secrets: Readonly<Record<string, string>>;
  /** Base64 key shared with the appliance. */
  readonly onboardingKey: string;
  /** Epoch milliseconds. */
  readonly now: number;
  readonly ttlMs?: number;
  /** A fresh unique nonce per call (16 random bytes, base64url). */
  readonly nonce: () => string;
  /** Only these softphones (default: all). */
  readonly deviceIds?: readonly string[];
}

export interface SoftphoneOnboarding {
  readonly deviceId: string;
  readonly app: "linphone" | "generic";
  readonly description: string | undefined;
  /** Fetch once: the Linphone XML with the account. */
  readonly linphoneUrl: string;
  readonly expiresAt: number;
  /** One per extension ringing on the softphone (usually one). */
  readonly accounts: readonly SipAccount[];
}

function accountsOf(device: PlannedDevice): SipAccount[] {
  return device.lines.map((l) => ({
    user: l.extension,
    password: l.password,
    domain: device.server.domain,
    proxyHost: device.server.host,
    port: device.server.port,
    transport: device.server.transport,
    displayName: l.displayName,
  }));
}

export function onboardSoftphones(lab: Lab, inputs: OnboardingInputs): SoftphoneOnboarding[] {
  const planInputs = {
    secrets: inputs.secrets,
    deviceAccess: {}, // softphones have no URL token or digest password
    onboardingKey: inputs.onboardingKey,
    year: new Date(inputs.now).getUTCFullYear(),
  };
  const key = Buffer.from(inputs.onboardingKey, "base64");
  const expiresAt = inputs.now + (inputs.ttlMs ?? DEFAULT_ONBOARDING_TTL_MS);
  const prefix = lab.appliance.provisioning.pathPrefix.replace(/\/+$/, "");
  const base = `${provisioningBaseUrl(lab)}${prefix}/onboard/`;
  return lab.devices.flatMap((d): SoftphoneOnboarding[] => {
    if (d.type !== "softphone") return [];
    if (inputs.deviceIds !== undefined && !inputs.deviceIds.includes(d.id)) return [];
    const planned = planDeviceProvisioning(lab, d, planInputs).device;
    const token = issueOnboardingToken({ key, deviceId: d.id, expiresAt, nonce: inputs.nonce() });
    return [
      {
        deviceId: d.id,
        app: d.app,
        description: d.description,
        linphoneUrl: base + token,
        expiresAt: Math.floor(expiresAt / 1000) * 1000,
        accounts: accountsOf(planned),
      },
    ];
  });
}

export interface QrImage {
  readonly text: string;
  readonly png: Buffer;
  readonly terminal: string;
}

export interface OnboardingQrCodes {
  readonly linphone: QrImage;
  /** One per account: `sip:user:password@domain…` (see sip-account-uri.ts). */
  readonly accounts: readonly QrImage[];
}

async function qr(text: string): Promise<QrImage> {
  const [png, terminal] = await Promise.all([qrPng(text), qrTerminal(text)]);
  return { text, png, terminal };
}

export async function onboardingQrCodes(o: SoftphoneOnboarding): Promise<OnboardingQrCodes> {
  return {
    linphone: await qr(o.linphoneUrl),
    accounts: await Promise.all(o.accounts.map((a) => qr(sipAccountUri(a)))),
  };
}

export { sipAccountText, sipAccountUri };
