import assert from "node:assert/strict";
import { test } from "node:test";
import { requireLab } from "../../schemas/index.ts";
import { derivedProvisioningSecrets } from "./provisioning-key.ts";

const lab = requireLab(new URL("../../examples/home-lab/lab.yaml", import.meta.url).pathname);

test("derived provisioning secrets: stable for a key, different per key, per device; onboarding key kept", () => {
  const a = derivedProvisioningSecrets(lab, "key-one");
  assert.deepEqual(derivedProvisioningSecrets(lab, "key-one"), a, "the same key gives the same values");
  const b = derivedProvisioningSecrets(lab, "key-two");
  const desk = lab.devices.find((d) => d.type === "desk")!.id;
  assert.notEqual(a.deviceAccess[desk]!.token, b.deviceAccess[desk]!.token);
  assert.match(a.deviceAccess[desk]!.token, /^[A-Za-z0-9_-]{24}$/);
  assert.notEqual(a.deviceAccess[desk]!.token, a.deviceAccess[desk]!.password);
  // A device added before it does not change its values.
  const more = {
    devices: [{ ...lab.devices.find((d) => d.type === "desk")!, id: "aaa-first" }, ...lab.devices],
  };
  assert.deepEqual(derivedProvisioningSecrets(more, "key-one").deviceAccess[desk], a.deviceAccess[desk]);
  assert.equal(derivedProvisioningSecrets(lab, "key-one", "b64key==").onboardingKey, "b64key==");
});
