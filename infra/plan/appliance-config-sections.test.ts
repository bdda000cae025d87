// The trunk, dial-plan, blacklist, public-address, admin and provisioning sections derived from
// both examples, validated by the appliance's own schema.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type ApplianceConfig, validateApplianceConfig } from "../../schemas/appliance-config/index.ts";
import { type Lab, requireLab } from "../../schemas/index.ts";
import { MissingSecretError, planApplianceConfig } from "./appliance-config.ts";
import { provisioningSecrets } from "./provisioning.ts";
import { testSecrets } from "./test-secrets.ts";

const load = (name: string) =>
  requireLab(new URL(`../../examples/${name}/lab.yaml`, import.meta.url).pathname);
const homeLab = load("home-lab");
const virtualLab = load("virtual-lab");

function labSecrets(lab: Lab): Record<string, string> {
  return testSecrets(lab, {
    ...Object.fromEntries(lab.extensions.map((e) => [e.password.secret, `pw-${e.number}-long-enough`])),
    trunkPassword: "trunk-password-1",
  });
}

let counter = 0;
const random = (n: number) => Uint8Array.from({ length: n }, () => counter++ & 0xff);

function plan(lab: Lab): ApplianceConfig {
  return planApplianceConfig(lab, {
    secrets: labSecrets(lab),
    provisioning: { secrets: provisioningSecrets(lab, random), year: 2026 },
  });
}

function assertValid(config: ApplianceConfig): void {
  const copy = structuredClone(config);
  const r = validateApplianceConfig(copy);
  assert.ok(r.ok, r.ok ? "" : r.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  assert.deepEqual(copy, config, "the plan states every default itself");
}

test("virtual-lab: the trunk with its DID, patterns, limits and the plain password it must answer with", () => {
  const c = plan(virtualLab);
  assertValid(c);
  assert.equal(c.trunks.length, 1);
  const t = c.trunks[0]!;
  assert.equal(t.name, "provider");
  assert.equal(t.host, "203.0.113.10");
  assert.equal(t.port, 5060);
  assert.equal(t.transport, "UDP");
  assert.equal(t.username, "15550123");
  assert.equal(t.password, "trunk-password-1");
  assert.deepEqual(t.dids, [{ number: "15550123", destination: { ivr: "main" } }]);
  assert.deepEqual(t.outbound.patterns, ["1555XXXX", "555XXXX", "911"]);
  assert.deepEqual(t.outbound.callerId, { number: "15550123" });
  assert.deepEqual(t.limits, { maxCalls: 4 });
});

test("virtual-lab: dial plan, blacklist, static public address, admin endpoint", () => {
  const c = plan(virtualLab);
  assert.deepEqual(
    c.dialPlan.extensions.map((e) => [e.number, e.permissions]),
    [
      ["100", "international"],
      ["101", "national"],
      ["102", "national"],
      ["103", "internal"],
    ],
  );
  assert.deepEqual(c.dialPlan.emergency, { numbers: ["911"], trunk: "provider" });
  assert.deepEqual(c.dialPlan.premiumPrefixes, ["1900", "1976"]);
  // The features: the IVR as the lab says, the boxes with their PINs, the room, the group.
  assert.deepEqual(
    c.ivrMenus.map((m) => [m.name, m.number, Object.keys(m.options).sort()]),
    [["main", "700", ["0", "1", "13", "9"]]],
  );
  assert.equal(c.ivrMenus[0]!.options["9"]!.hidden, true);
  assert.deepEqual(c.ivrMenus[0]!.onTimeout, { voicemail: "100" });
  assert.deepEqual(
    c.voicemail.boxes.map((b) => [b.number, /^[0-9]{4,}$/.test(b.pin)]),
    [
      ["100", true],
      ["101", true],
    ],
  );
  assert.deepEqual(
    c.conferences.map((r) => [r.number, r.pin !== undefined]),
    [["800", true]],
  );
  assert.deepEqual(c.ringGroups[0]?.members, ["100", "101", "102"]);
  // No-answer rules: 102's own, the others' boxes by default, none for 103 (no box).
  assert.deepEqual(
    c.extensions.map((e) => [e.number, e.onNoAnswer]),
    [
      ["100", { voicemail: "100" }],
      ["101", { voicemail: "101" }],
      ["102", { voicemail: "100" }],
      ["103", undefined],
    ],
  );
  assert.deepEqual(c.blacklist, {
    numbers: ["15550666"],
    prefixes: ["1900"],
    anonymous: true,
    response: 608,
  });
  assert.deepEqual(c.publicAddress, { mode: "static", address: "203.0.113.2", port: 5060 });
  assert.deepEqual(c.admin, { listen: "127.0.0.1", port: 8080, statusFile: true });
  assert.equal(c.sip.advertise, "172.16.0.10");
});

test("virtual-lab: provisioning serves the desk phone at the option-160 URL with its line credentials", () => {
  const c = plan(virtualLab);
  const p = c.provisioning!;
  assert.equal(p.httpPort, 80);
  assert.equal(p.pathPrefix, "/prov");
  assert.equal(p.ciscoMppProfileUrl, "http://172.16.0.10/prov/$PN/$MA.xml");
  const desk = p.devices.find((d) => d.device.id === "desk-7821")!;
  assert.equal(desk.device.mac, "001b54aabbcc");
  assert.equal(desk.device.lines[0]!.extension, "100");
  assert.equal(desk.device.lines[0]!.password, "pw-100-long-enough");
  assert.equal(desk.device.server.host, "172.16.0.10");
  const high = planApplianceConfig(virtualLab, {
    secrets: labSecrets(virtualLab),
    provisioning: { secrets: provisioningSecrets(virtualLab, random), year: 2026 },
    provisioningHttpPort: 18080,
  });
  assert.equal(high.provisioning!.httpPort, 18080);
});

test("home-lab: provider-learned public address, the DID to the IVR, blacklist 603/608 as written", () => {
  const c = plan(homeLab);
  assertValid(c);
  assert.deepEqual(c.publicAddress, { mode: "provider" });
  assert.equal(c.trunks[0]!.host, "sip.callcentric.net");
  assert.deepEqual(c.trunks[0]!.dids[0]!.number, "17775551234");
  assert.deepEqual(c.blacklist.numbers, ["18005550199"]);
  assert.equal(c.blacklist.response, homeLab.blacklist.response);
});

test("no provisioning inputs: no provisioning section; missing secrets are typed errors", () => {
  const c = planApplianceConfig(virtualLab, { secrets: labSecrets(virtualLab) });
  assert.equal(c.provisioning, undefined);
  const { trunkPassword: _omitted, ...noTrunk } = labSecrets(virtualLab);
  assert.throws(
    () => planApplianceConfig(virtualLab, { secrets: noTrunk }),
    (e: unknown) =>
      e instanceof MissingSecretError && e.secret === "trunkPassword" && /trunks\[0\]/.test(e.usedAt),
  );
  assert.throws(
    () =>
      planApplianceConfig(virtualLab, {
        secrets: labSecrets(virtualLab),
        provisioning: { secrets: { deviceAccess: {}, onboardingKey: "a2V5" }, year: 2026 },
      }),
    (e: unknown) => e instanceof MissingSecretError && e.secret === "deviceAccess.desk-7821",
  );
});
