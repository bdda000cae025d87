// Issuing one-time onboarding tokens for softphones. The appliance verifies them
// (appliance/provisioning/onboarding-token.ts, same format) with the key both sides share: the
// Pulumi side generates it and pushes it in the appliance config.
//
//   token   = base64url(payload) "." base64url(HMAC-SHA256(key, "pibx-onboarding-v1." payload-b64)[0..16))
//   payload = {"v":1,"d":<device id>,"e":<expiry, epoch seconds>,"n":<random nonce>}
import { createHmac } from "node:crypto";

export const ONBOARDING_TOKEN_CONTEXT = "pibx-onboarding-v1.";

export interface OnboardingTokenRequest {
  /** The shared key (raw bytes). */
  readonly key: Uint8Array;
  readonly deviceId: string;
  /** Epoch milliseconds (rounded down to a second). */
  readonly expiresAt: number;
  /** Unique per token (e.g. 16 random bytes, base64url): the appliance remembers it once used. */
  readonly nonce: string;
}

export function issueOnboardingToken(r: OnboardingTokenRequest): string {
  const payload = JSON.stringify({ v: 1, d: r.deviceId, e: Math.floor(r.expiresAt / 1000), n: r.nonce });
  const payloadB64 = Buffer.from(payload, "utf8").toString("base64url");
  const mac = createHmac("sha256", r.key)
    .update(ONBOARDING_TOKEN_CONTEXT + payloadB64)
    .digest()
    .subarray(0, 16)
    .toString("base64url");
  return `${payloadB64}.${mac}`;
}
