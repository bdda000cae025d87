// The real engine, the real language host, the real Appliance provider, a real sshd and the real
// appliance in a `pibxp-*` namespace: `pulumi up` pushes the lab's config to the appliance; changing
// one IVR option in the lab file makes `pulumi preview` print that change in phone-system terms;
// no secret value (config, generated, SSH key, pushed HA1s) appears in any output or in the state.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { PulumiSandbox, repoRoot } from "../pulumi/pulumi-cli.ts";
import { type ApplianceProcess, namespacesAvailable, SshdNamespace } from "./sshd-namespace.ts";

const configSecrets = ["trunkPassword", "routerPassword", "routerEnable"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Long values as they are; short PINs only quoted (4 bare digits also occur in timestamps). */
function leakPatterns(value: string): string[] {
  return value.length >= 8 ? [value] : [`"${value}"`];
}

const skip =
  (!namespacesAvailable() && "needs root, ip netns and sshd") ||
  (!PulumiSandbox.available() && !process.env.CI && "no Pulumi CLI (run scripts/setup.sh)");

describe("pulumi preview of an IVR change on a real appliance", { skip }, () => {
  const pi = new SshdNamespace();
  let sandbox: PulumiSandbox;
  let appliance: ApplianceProcess;
  let labFile: string;
  let labText: string;
  const configured: Record<string, string> = {};
  const onStack = (...args: string[]) => [...args, "--stack", sandbox.stack];

  before(async () => {
    await pi.start();
    // The Pi answers on the namespace's sshd: root, port 2222. Its first config is a placeholder
    // that the first `pulumi up` replaces.
    appliance = await pi.startAppliance(
      readFileSync(join(repoRoot, "appliance/dev-config.example.json"), "utf8").replace(
        '"/tmp/pibx-dev-state"',
        JSON.stringify(join(pi.dir, "state")),
      ),
    );
    sandbox = new PulumiSandbox();
    labFile = join(sandbox.dir, "lab.yaml");
    labText = readFileSync(join(repoRoot, "examples/home-lab/lab.yaml"), "utf8").replace(
      "  ssh:\n    user: pibx\n",
      `  ssh:\n    user: root\n    port: ${pi.port}\n`,
    );
    assert.match(labText, /user: root\n\s+port: 2222/);
    writeFileSync(labFile, labText);
    sandbox.ok("stack", "init", sandbox.stack);
    sandbox.ok(...onStack("config", "set", "pibx:lab", labFile));
    for (const name of configSecrets) {
      configured[name] = `it-${name}-${randomBytes(12).toString("hex")}`;
      sandbox.ok(...onStack("config", "set", "--secret", `pibx:${name}`, configured[name] ?? ""));
    }
    sandbox.ok(...onStack("config", "set", "pibx:sshPrivateKeyFile", join(pi.dir, "client_key")));
    sandbox.ok(...onStack("config", "set", "pibx:applianceHost", pi.host));
    const remote = {
      configPath: appliance.configPath,
      configGroup: "root", // the host has no _pibx group; the login is root
      sudo: false,
      reloadCommand: `kill -HUP ${appliance.pid}`,
      logCommand: `cat ${appliance.logPath}`,
      statusCommand: `kill -0 ${appliance.pid}`,
      reloadTimeoutMs: 15_000,
      healthTimeoutMs: 5_000,
    };
    sandbox.ok(...onStack("config", "set", "pibx:applianceRemote", JSON.stringify(remote)));
  });

  after(async () => {
    try {
      sandbox?.cleanUp();
    } finally {
      await pi.close();
    }
  });

  it("pulumi up pushes the lab's config to the appliance, which reloads it in place", (t) => {
    const up = sandbox.ok(...onStack("up", "--yes"));
    t.diagnostic(`pulumi up: ${up.seconds.toFixed(1)} s`);
    assert.match(up.output, /pibx:appliance:Appliance/);
    const onPi = JSON.parse(readFileSync(appliance.configPath, "utf8")) as { site: { domain: string } };
    assert.equal(onPi.site.domain, "pbx.home.arpa");
    assert.ok(appliance.alive());
    assert.match(readFileSync(appliance.logPath, "utf8"), /config reloaded/);
  });

  it("a second preview shows no appliance change", () => {
    const again = sandbox.ok(...onStack("preview", "--expect-no-changes"));
    assert.doesNotMatch(again.output, /IVR main/);
  });

  it("changing one IVR option previews that change in phone-system terms", () => {
    const changed = labText.replace(
      '"13": { destination: { extension: "100" } }',
      '"13": { destination: { extension: "101" } }',
    );
    assert.notEqual(changed, labText);
    writeFileSync(labFile, changed);
    const preview = sandbox.ok(...onStack("preview"));
    assert.match(
      preview.output,
      /appliance pibx: IVR main: option 13 now rings extension 101 instead of 100/,
    );
    assert.match(preview.output, /~ +pulumi-nodejs:dynamic\/pibx:Appliance appliance update/);
    assert.doesNotMatch(preview.output, /warning:/);
    // Only that change: no other appliance line.
    const lines = preview.output.split("\n").filter((l) => l.includes("appliance pibx:"));
    assert.ok(
      lines.every((l) => l.includes("IVR main: option 13")),
      lines.join("\n"),
    );
  });

  it("keeps every secret out of the state, the backend files and the command output", () => {
    const shown = sandbox.ok(...onStack("stack", "output", "secretValues", "--show-secrets", "--json"));
    const values = JSON.parse(shown.output) as Record<string, string>;
    assert.equal(values.trunkPassword, configured.trunkPassword);
    // The SSH key's base64 body and the pushed document's HA1 digests are secrets too.
    const keyBody = pi.privateKey
      .split("\n")
      .filter((l) => l && !l.startsWith("-----"))
      .join("");
    const ha1 = /"md5": "([0-9a-f]{32})"/.exec(readFileSync(appliance.configPath, "utf8"))?.[1] ?? "";
    assert.ok(keyBody.length > 40 && ha1.length === 32);
    const secrets: Record<string, string> = { ...values, keyLine: keyBody.slice(0, 60), ha1 };

    const exported = sandbox.ok(...onStack("stack", "export")).output;
    assert.match(exported, /pibx\/appliance:Appliance/);
    const places: Array<[string, string]> = [["pulumi stack export", exported]];
    for (const file of filesUnder(sandbox.backendDir)) places.push([file, readFileSync(file, "utf8")]);
    for (const run of sandbox.history)
      if (run !== shown) places.push([`pulumi ${run.args.join(" ")}`, run.output]);
    for (const [name, value] of Object.entries(secrets)) {
      for (const pattern of leakPatterns(value)) {
        for (const [where, text] of places)
          assert.ok(!text.includes(pattern), `secret ${name} in plain text in ${where}`);
      }
    }
  });
});
