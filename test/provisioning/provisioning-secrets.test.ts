import assert from "node:assert/strict";
import { test } from "node:test";
import { provisioningSecrets } from "../../infra/plan/provisioning.ts";
import { allVendorsLab, homeLab } from "./fixture.ts";

test("one token and password per desk phone, kept across runs, dropped with the device", () => {
  let n = 0;
  const random = (bytes: number) => Uint8Array.from({ length: bytes }, () => n++ % 256);
  const first = provisioningSecrets(allVendorsLab(), random);
  assert.deepEqual(Object.keys(first.deviceAccess), [
    "desk-7821",
    "lobby-t46u",
    "lobby-gxp",
    "lobby-vvx",
    "lobby-snom",
    "lobby-7960",
  ]);
  assert.match(first.deviceAccess["desk-7821"]!.token, /^[A-Za-z0-9_-]{24}$/);
  assert.equal(Buffer.from(first.onboardingKey, "base64").length, 32);
  const tokens = new Set(Object.values(first.deviceAccess).map((a) => a.token));
  assert.equal(tokens.size, 6);
  const again = provisioningSecrets(homeLab(), random, first);
  assert.deepEqual(again.deviceAccess, { "desk-7821": first.deviceAccess["desk-7821"] });
  assert.equal(again.onboardingKey, first.onboardingKey);
});
