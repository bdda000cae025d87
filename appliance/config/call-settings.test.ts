import assert from "node:assert/strict";
import { test } from "node:test";
import { parseApplianceConfig } from "../../schemas/appliance-config/index.ts";
import { blacklistOf, dialPlanOf, trunkSettingsOf } from "./call-settings.ts";

const parsed = parseApplianceConfig(
  JSON.stringify({
    version: 1,
    site: { name: "t", domain: "pbx.test" },
    sip: {},
    extensions: [
      { number: "100", password: "password-100" },
      { number: "101", password: "password-101" },
    ],
    trunks: [
      {
        name: "provider",
        host: "203.0.113.10",
        username: "15550123",
        authUsername: "auth-15550123",
        password: "trunk-secret",
        dids: [{ number: "15550123", destination: { ivr: "main" } }],
        outbound: { patterns: ["1NXXNXXXXXX"] },
        limits: { maxCalls: 3, callsPerHour: 20 },
      },
    ],
    dialPlan: {
      extensions: [{ number: "100", permissions: "international" }],
      emergency: { numbers: ["911"] },
    },
    blacklist: { numbers: ["15550666"], response: 608 },
  }),
);

test("schema defaults fill a trunk; its settings keep the auth user and the DIDs", () => {
  assert.ok(parsed.ok, parsed.ok ? "" : JSON.stringify(parsed.problems));
  const s = trunkSettingsOf(parsed.config.trunks[0]!);
  assert.equal(s.port, 5060);
  assert.equal(s.transport, "UDP");
  assert.equal(s.authUsername, "auth-15550123");
  assert.equal(s.keepaliveSeconds, 25);
  assert.deepEqual(s.dids, [{ number: "15550123", destination: { ivr: "main" } }]);
});

test("every extension is in the dial plan; unlisted ones may call internally only", () => {
  assert.ok(parsed.ok);
  const d = dialPlanOf(parsed.config);
  assert.deepEqual(d.extensions, [
    { number: "100", permissions: "international" },
    { number: "101", permissions: "internal" },
  ]);
  assert.deepEqual(d.trunks, [
    { name: "provider", patterns: ["1NXXNXXXXXX"], maxCalls: 3, callsPerHour: 20 },
  ]);
  assert.deepEqual(d.emergency, { numbers: ["911"] });
  assert.deepEqual(d.premiumPrefixes, ["1900", "1976"]);
  assert.deepEqual(blacklistOf(parsed.config), {
    numbers: ["15550666"],
    prefixes: [],
    anonymous: false,
    response: 608,
  });
});

test("a trunk without a password is rejected by the schema", () => {
  const r = parseApplianceConfig(
    JSON.stringify({
      version: 1,
      site: { name: "t", domain: "pbx.test" },
      sip: {},
      extensions: [],
      trunks: [{ name: "p", host: "h", username: "u" }],
    }),
  );
  assert.equal(r.ok, false);
});
