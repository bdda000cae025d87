import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { ONBOARDING_TOKEN_CONTEXT, verifyOnboardingToken } from "./onboarding-token.ts";

const key = Buffer.alloc(32, 7);

function token(payload: object, k: Uint8Array = key): string {
  const p = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const mac = createHmac("sha256", k)
    .update(ONBOARDING_TOKEN_CONTEXT + p)
    .digest()
    .subarray(0, 16);
  return `${p}.${mac.toString("base64url")}`;
}

test("a well-signed, unexpired token yields its claims", () => {
  const r = verifyOnboardingToken(token({ v: 1, d: "alice-iphone", e: 2000, n: "abc" }), key, 1_999_000);
  assert.deepEqual(r, { ok: true, claims: { deviceId: "alice-iphone", expiresAt: 2_000_000, nonce: "abc" } });
});

test("expired, forged and malformed tokens are refused", () => {
  const t = token({ v: 1, d: "alice-iphone", e: 2000, n: "abc" });
  assert.equal(verifyOnboardingToken(t, key, 2_000_000).ok, false);
  const forged = verifyOnboardingToken(token({ v: 1, d: "x", e: 9e9, n: "n" }, Buffer.alloc(32, 8)), key, 0);
  assert.deepEqual(forged, { ok: false, problem: "bad-signature" });
  assert.deepEqual(verifyOnboardingToken("nodot", key, 0), { ok: false, problem: "malformed" });
  assert.deepEqual(verifyOnboardingToken(token({ v: 2, d: "x", e: 9e9, n: "n" }), key, 0), {
    ok: false,
    problem: "malformed",
  });
});
