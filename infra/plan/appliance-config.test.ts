import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { validateApplianceConfig } from "../../schemas/appliance-config/index.ts";
import { requireLab } from "../../schemas/index.ts";
import { MissingSecretError, planApplianceConfig } from "./appliance-config.ts";
import { testSecrets } from "./test-secrets.ts";

const lab = requireLab(new URL("../../examples/home-lab/lab.yaml", import.meta.url).pathname);
const secrets: Record<string, string> = testSecrets(lab, {
  ...Object.fromEntries(lab.extensions.map((e) => [e.password.secret, `pw-${e.number}-long-enough`])),
  trunkPassword: "trunk-secret-value",
});

test("the home-lab example derives a config the appliance accepts", () => {
  const config = planApplianceConfig(lab, { secrets });
  const copy = structuredClone(config);
  const r = validateApplianceConfig(copy);
  assert.ok(r.ok, r.ok ? "" : r.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  // Validation fills no defaults: the plan states everything.
  assert.deepEqual(copy, config);
  assert.equal(config.site.domain, lab.site.domain);
  assert.equal(config.extensions.length, lab.extensions.length);
  assert.equal(config.protection.banAfterAuthFailures, lab.appliance.security.banAfterAuthFailures);
  assert.deepEqual(config.auth.algorithms, ["SHA-256", "MD5"]);
});

test("only HA1 digests leave the operator's machine, computed for the site's realm (RFC 7616 §3.4.2)", () => {
  const config = planApplianceConfig(lab, { secrets });
  const text = JSON.stringify(config);
  // The trunk's password and the PINs must reach the Pi (it answers challenges, checks PINs).
  for (const e of lab.extensions)
    assert.ok(!text.includes(secrets[e.password.secret]!), "a password leaked into the config");
  const e = lab.extensions[0]!;
  const a1 = `${e.number}:${lab.site.domain}:${secrets[e.password.secret]}`;
  assert.deepEqual(config.extensions[0]!.ha1, {
    md5: createHash("md5").update(a1).digest("hex"),
    sha256: createHash("sha256").update(a1).digest("hex"),
  });
  assert.equal(config.extensions[0]!.password, undefined);
});

test("a missing secret is a typed error naming where it is used; the plan is deterministic", () => {
  assert.throws(() => planApplianceConfig(lab, { secrets: {} }), MissingSecretError);
  assert.deepEqual(planApplianceConfig(lab, { secrets }), planApplianceConfig(lab, { secrets }));
  assert.deepEqual(planApplianceConfig(lab, { secrets, digestAlgorithms: ["MD5"] }).auth.algorithms, ["MD5"]);
});

test("the lab's digestAlgorithms reach the appliance config", () => {
  // home-lab keeps the default (SHA-256 first, RFC 8760); virtual-lab's baresip phones need MD5.
  assert.deepEqual(planApplianceConfig(lab, { secrets }).auth.algorithms, ["SHA-256", "MD5"]);
  const virtualLab = requireLab(new URL("../../examples/virtual-lab/lab.yaml", import.meta.url).pathname);
  const vSecrets = testSecrets(virtualLab);
  assert.deepEqual(planApplianceConfig(virtualLab, { secrets: vSecrets }).auth.algorithms, ["MD5"]);
});
