import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { renderApplianceTypes } from "./render-types.ts";
import { parseApplianceConfig, validateApplianceConfig } from "./validate.ts";

const minimal = () => ({
  version: 1,
  site: { name: "Home", domain: "pibx.test" },
  sip: {},
  extensions: [{ number: "100", password: "secret-100" }],
});

test("schemas/generated/appliance-config.ts is up to date (run `npm run gen:appliance-types`)", async () => {
  const committed = readFileSync(new URL("../generated/appliance-config.ts", import.meta.url), "utf8");
  assert.equal(await renderApplianceTypes(), committed);
});

test("a minimal config is valid and gets every default", () => {
  const r = validateApplianceConfig(minimal());
  assert.ok(r.ok);
  assert.equal(r.config.sip.udp.port, 5060);
  assert.equal(r.config.sip.tcp.enabled, true);
  assert.equal(r.config.sip.tls.enabled, false);
  assert.equal(r.config.registrar.minExpires, 60);
  assert.equal(r.config.protection.banAfterAuthFailures, 10);
  assert.deepEqual(r.config.auth.algorithms, ["SHA-256", "MD5"]);
  assert.equal(r.config.stateDir, "/var/lib/pibx");
});

test("every problem is reported with its path, and secrets are never echoed", () => {
  const c = minimal() as Record<string, unknown>;
  c.extensions = [
    { number: "100", password: "short" },
    { number: "100", password: "another-secret", ha1: { md5: "0".repeat(32) } },
    { number: "bad number" },
  ];
  c.registrar = { minExpires: 600, defaultExpires: 60 };
  c.sip = { tls: { enabled: true }, bogus: 1 };
  const r = validateApplianceConfig(c);
  assert.equal(r.ok, false);
  const lines = r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
  assert.ok(
    lines.includes("extensions[0].password: must NOT have fewer than 8 characters"),
    lines.join("\n"),
  );
  assert.ok(
    lines.includes('extensions[2].number: must match pattern "^[0-9A-Za-z._+-]{1,32}$"'),
    lines.join("\n"),
  );
  assert.ok(lines.includes("sip.bogus: unknown property"), lines.join("\n"));
  assert.ok(!lines.join("\n").includes("short"));
  // Semantic checks run once the schema passes.
  const c2 = minimal() as Record<string, unknown>;
  c2.extensions = [
    { number: "100", password: "secret-100" },
    { number: "100", password: "another-secret", ha1: { md5: "0".repeat(32) } },
  ];
  c2.registrar = { minExpires: 600, defaultExpires: 60 };
  c2.sip = { tls: { enabled: true } };
  const r2 = validateApplianceConfig(c2);
  const lines2 = r2.ok ? [] : r2.problems.map((p) => `${p.path}: ${p.message}`);
  assert.deepEqual(lines2, [
    "extensions[1].number: duplicate of extensions[0]",
    "extensions[1]: needs exactly one of password or ha1",
    "registrar.defaultExpires: must be >= registrar.minExpires",
    "sip.tls.certFile: is required when TLS is enabled",
    "sip.tls.keyFile: is required when TLS is enabled",
  ]);
  assert.ok(!lines2.join("\n").includes("another-secret"));
});

test("invalid JSON is one problem, not an exception", () => {
  const r = parseApplianceConfig("{ nope");
  assert.equal(r.ok, false);
  assert.equal(r.ok ? "" : r.problems[0]!.path, "(file)");
});

test("appliance/dev-config.example.json is a valid config", () => {
  const text = readFileSync(new URL("../../appliance/dev-config.example.json", import.meta.url), "utf8");
  const r = parseApplianceConfig(text);
  assert.ok(r.ok, r.ok ? "" : r.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
});
