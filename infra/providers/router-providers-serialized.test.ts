// The router and port-forward provider shells must survive Pulumi's function serialization and run
// in plain node (what pulumi-resource-pulumi-nodejs does), loading their logic through tsx.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { requireLab } from "../../schemas/index.ts";
import { deriveRouterIntent } from "../router/derive-router-intent.ts";
import { deriveHomeForwards } from "../router/home/home-forwards.ts";
import { portForwardsProvider } from "./port-forwards-resource.ts";
import { iosRouterProvider } from "./router-ios-resource.ts";
import { linuxRouterProvider } from "./router-linux-resource.ts";

async function runSerialized(provider: unknown, body: string): Promise<unknown> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  const dir = mkdtempSync(join(tmpdir(), "pibxr-provider-"));
  try {
    const file = join(dir, "provider.cjs");
    writeFileSync(file, serialized.text);
    const script = `
      const provider = require(${JSON.stringify(file)}).${serialized.exportName}();
      (async () => { ${body} })().catch((e) => { console.error(e); process.exit(1); });`;
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

const lab = requireLab(new URL("../../examples/virtual-lab/lab.yaml", import.meta.url).pathname);
const intent = deriveRouterIntent(lab)!;

test("the serialized PortForwards provider prints the manual checklist in plain node", async () => {
  const plan = { ...deriveHomeForwards(lab, intent)!, kind: "manual" as const };
  const r = (await runSerialized(
    portForwardsProvider,
    `const checked = await provider.check({}, { plan: ${JSON.stringify(plan)} });
     const created = await provider.create(checked.inputs);
     const same = await provider.diff(created.id, created.outs, checked.inputs);
     console.log(JSON.stringify({ created, same }));`,
  )) as {
    created: { id: string; outs: { checklist: string; mappings: number } };
    same: { changes: boolean };
  };
  assert.equal(r.created.id, "manual:192.168.1.1");
  assert.match(
    r.created.outs.checklist,
    /\n {2}3 {2}UDP {7}10000-10199 {4}192\.168\.1\.2 {2}10000-10199 {4}RTP media\n/,
  );
  assert.equal(r.created.outs.mappings, 0);
  assert.equal(r.same.changes, false);
});

test("the serialized LinuxRouter provider checks its intent in plain node, without connecting", async () => {
  const r = (await runSerialized(
    linuxRouterProvider,
    `const checked = await provider.check({}, { intent: ${JSON.stringify({ ...intent, kind: "cisco-ios" })},
       connection: { host: "192.0.2.1", port: 22, username: "root", privateKey: "unused" } });
     console.log(JSON.stringify(checked));`,
  )) as { failures: { property: string; reason: string }[] };
  assert.deepEqual(r.failures, [{ property: "intent", reason: "kind: not a Linux router: cisco-ios" }]);
});

test("the serialized IosRouter provider loads in plain node and waits for unknown credentials", async () => {
  const r = (await runSerialized(
    iosRouterProvider,
    `const checked = await provider.check({}, { intent: ${JSON.stringify({ ...intent, kind: "cisco-ios", management: { ...intent.management, passwordSecret: "p" } })},
       connection: { kind: "cisco-ios", host: "192.0.2.1", port: 22, username: "admin" } });
     console.log(JSON.stringify(checked));`,
  )) as { inputs?: { livePlan?: string }; failures?: unknown[] };
  assert.equal(r.failures, undefined);
  assert.equal(r.inputs?.livePlan, undefined);
});
