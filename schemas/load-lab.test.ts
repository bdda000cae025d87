import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ConfigError, formatDiagnostic, loadLab, loadLabText, requireLab } from "./index.ts";

const minimal = `site: { name: Lab, domain: pbx.test, timezone: UTC }
appliance:
  hostname: pibx
  lan: { dhcp: true }
  ssh: { user: pibx, authorizedKeys: ["ssh-ed25519 AAAAC3Nza x"] }
emergency: { numbers: ["911"] }
`;

function lines(text: string): string[] {
  return loadLabText(text, "lab.yaml").diagnostics.map(formatDiagnostic);
}

test("a valid lab loads with the defaults filled in", () => {
  const { lab, diagnostics } = loadLabText(minimal, "lab.yaml");
  assert.deepEqual(diagnostics.map(formatDiagnostic), [
    "lab.yaml:6:12: warning: emergency: no trunk is declared: emergency calls cannot reach emergency services",
  ]);
  assert.ok(lab !== undefined);
  assert.equal(lab.site.locale, "en-US");
  assert.equal(lab.appliance.board, "pi4");
  assert.deepEqual(lab.appliance.sip.udp, { enabled: true, port: 5060 });
  assert.deepEqual(lab.appliance.rtp, { min: 10000, max: 10999 });
  assert.deepEqual(lab.appliance.dscp, { rtp: "EF", sip: "CS3" });
  assert.equal(lab.voicemail.accessNumber, "*97");
  assert.deepEqual(lab.extensions, []);
});

test("any error leaves the lab undefined; warnings do not", () => {
  assert.equal(loadLabText(minimal.replace("pibx\n", "pibx\n  board: pi9\n"), "lab.yaml").lab, undefined);
  assert.ok(
    loadLabText(minimal.replace('emergency: { numbers: ["911"] }\n', ""), "lab.yaml").lab !== undefined,
  );
});

test("a missing property points at its parent mapping", () => {
  assert.deepEqual(lines(minimal.replace(", timezone: UTC", "")), [
    'lab.yaml:1:7: site: missing required property "timezone"',
  ]);
});

test("every problem is reported at once, in order", () => {
  const broken = minimal
    .replace("name: Lab", "name: 7")
    .replace("hostname: pibx", "hostname: pibx\n  colour: red\n  rtp: { min: 10, max: 99999 }");
  assert.deepEqual(lines(broken), [
    'lab.yaml:1:15: site.name: must be a string: quote it ("7")',
    'lab.yaml:4:3: appliance.colour: unknown key "colour"; expected one of: hostname, board, image, lan, ssh, sip, rtp, provisioning, admin, publicAddress, dscp, security',
    "lab.yaml:5:15: appliance.rtp.min: must be at least 1024",
    "lab.yaml:5:24: appliance.rtp.max: must be at most 65535",
  ]);
});

test("a oneOf is explained by the form the value was meant to be", () => {
  assert.deepEqual(lines(minimal.replace("lan: { dhcp: true }", "lan: { dhcp: yes }")), [
    "lab.yaml:4:16: appliance.lan.dhcp: must be true",
  ]);
  assert.deepEqual(
    lines(
      minimal.replace(
        "lan: { dhcp: true }",
        "lan: { address: 10.0.0.2/24, gateway: 10.0.0.1, dns: [10.0.0.300] }",
      ),
    ),
    ['lab.yaml:4:57: appliance.lan.dns[0]: "10.0.0.300" is not an IPv4 address like 172.16.0.10'],
  );
  assert.deepEqual(lines(minimal.replace("lan: { dhcp: true }", "lan: dhcp")), [
    "lab.yaml:4:8: appliance.lan: must be a mapping (key: value), one of: { address, gateway, dns } | { dhcp: true }",
  ]);
  assert.deepEqual(
    lines(minimal.replace("lan: { dhcp: true }", "lan: { dhcp: true }\n  publicAddress: { discover: upnp }")),
    ["lab.yaml:5:30: appliance.publicAddress.discover: must be one of: stun, provider"],
  );
});

test("loadLab reads files; requireLab throws a ConfigError with every diagnostic", () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-load-lab-"));
  try {
    const good = join(dir, "good.yaml");
    const bad = join(dir, "bad.yaml");
    writeFileSync(good, minimal);
    writeFileSync(bad, minimal.replace("pibx\n", "pibx\n  board: pi9\n"));
    assert.equal(requireLab(good).site.name, "Lab");
    assert.throws(
      () => requireLab(bad),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.diagnostics.length === 1 &&
        e.path === "appliance.board" &&
        e.line === 4 &&
        e.column === 10,
    );
    const missing = loadLab(join(dir, "missing.yaml"));
    assert.equal(missing.lab, undefined);
    assert.match(
      formatDiagnostic(missing.diagnostics[0]!),
      /missing\.yaml:1:1: \(root\): cannot read the file \(ENOENT\)$/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
