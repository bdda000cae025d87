// One-time onboarding tokens for softphones. The Pulumi side issues them (infra/onboarding,
// same format); the appliance verifies them with the shared key from its config, refuses expired
// ones, and remembers used ones (see provisioning-service.ts).
//
//   token   = base64url(payload) "." base64url(HMAC-SHA256(key, "pibx-onboarding-v1." payload-b64)[0..16))
//   payload = {"v":1,"d":<device id>,"e":<expiry, epoch seconds>,"n":<random nonce>}
import { createHmac, timingSafeEqual } from "node:crypto";

export const ONBOARDING_TOKEN_CONTEXT = "pibx-onboarding-v1.";

export interface OnboardingClaims {
  readonly deviceId: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  /** Unique per token: the id remembered once the token is used. */
  readonly nonce: string;
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: OnboardingClaims }
  | {
      readonly ok: false;
      readonly problem: "malformed" | "bad-signature" | "expired";
      readonly claims?: OnboardingClaims;
    };

function sign(key: Uint8Array, payloadB64: string): string {
  return createHmac("sha256", key)
    .update(ONBOARDING_TOKEN_CONTEXT + payloadB64)
    .digest()
    .subarray(0, 16)
    .toString("base64url");
}

export function verifyOnboardingToken(token: string, key: Uint8Array, nowMs: number): TokenCheck {
  const [payloadB64, mac, ...rest] = token.split(".");
  if (!payloadB64 || !mac || rest.length > 0 || token.length > 512)
    return { ok: false, problem: "malformed" };
  const expected = sign(key, payloadB64);
  if (expected.length !== mac.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(mac))) {
    return { ok: false, problem: "bad-signature" };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(payloadB64, "base64url").toString("utf8"));
  } catch {
    return { ok: false, problem: "malformed" };
  }
  const p = payload as { v?: unknown; d?: unknown; e?: unknown; n?: unknown };
  if (p.v !== 1 || typeof p.d !== "string" || typeof p.e !== "number" || typeof p.n !== "string") {
    return { ok: false, problem: "malformed" };
  }
  const claims = { deviceId: p.d, expiresAt: p.e * 1000, nonce: p.n };
  if (nowMs >= claims.expiresAt) return { ok: false, problem: "expired", claims };
  return { ok: true, claims };
}
