// The Appliance and LocalCommand provider shells must survive Pulumi's function serialization and
// run where the engine runs them: plain node without tsx, evaluating the serialized text. Each
// method loads its implementation through tsx by absolute URL; here `check` is called that way.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { applianceProvider } from "../../infra/providers/appliance-resource.ts";
import { localCommandProvider } from "../../infra/providers/local-command-resource.ts";

async function runSerialized(provider: pulumi.dynamic.ResourceProvider, news: unknown): Promise<unknown> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  const dir = mkdtempSync(join(tmpdir(), "pibxp-provider-"));
  try {
    const file = join(dir, "provider.cjs");
    writeFileSync(file, serialized.text);
    const script = `
      const provider = require(${JSON.stringify(file)}).${serialized.exportName}();
      provider.check({}, ${JSON.stringify(news)})
        .then((r) => console.log(JSON.stringify(r)))
        .catch((e) => { console.error(e); process.exit(1); });`;
    const out = execFileSync(process.execPath, ["-e", script], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: "" },
    });
    return JSON.parse(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the serialized Appliance provider checks its inputs in plain node, filling the contract defaults", async () => {
  const result = (await runSerialized(applianceProvider, {
    lab: { site: {} },
    secrets: {},
    connection: { host: "172.16.0.10", port: 22, username: "pibx", privateKey: "k" },
  })) as { inputs: { remote: { configPath: string } } };
  assert.equal(result.inputs.remote.configPath, "/etc/pibx/appliance.json");
  const bad = (await runSerialized(applianceProvider, { lab: 1 })) as {
    failures: Array<{ property: string }>;
  };
  assert.deepEqual(
    bad.failures.map((f) => f.property),
    ["lab", "secrets", "connection"],
  );
});

test("the serialized LocalCommand provider checks its inputs in plain node", async () => {
  const result = (await runSerialized(localCommandProvider, {
    command: ["true"],
    cwd: "/",
    triggers: "t",
  })) as {
    inputs: { triggers: string };
  };
  assert.equal(result.inputs.triggers, "t");
});
