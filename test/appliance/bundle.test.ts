// The appliance as it ships: `npm run build:appliance` bundles it to one file with no native
// modules, and that file alone (plain node, no tsx) answers OPTIONS and digest REGISTER.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { type ApplianceProcess, startApplianceProcess } from "./helpers/appliance-process.ts";
import { register } from "./helpers/register-client.ts";
import { run } from "./helpers/run.ts";
import { TEST_EXTENSIONS, writeTestConfig } from "./helpers/test-config.ts";
import { UdpPeer } from "./helpers/udp-peer.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

test("the bundled appliance (dist/appliance.mjs) runs on plain node and registers", async () => {
  const build = await run(["npm", "run", "-s", "--prefix", ROOT, "build:appliance"], 60_000);
  assert.equal(build.code, 0, build.stdout + build.stderr);
  const cfg = writeTestConfig();
  const peer = await UdpPeer.bind();
  let app: ApplianceProcess | undefined;
  try {
    app = await startApplianceProcess({ configPath: cfg.configPath, bundle: `${ROOT}dist/appliance.mjs` });
    const r = await register({
      peer,
      port: app.udpPort,
      user: TEST_EXTENSIONS[0]!.number,
      password: TEST_EXTENSIONS[0]!.password,
      contact: "<sip:100@127.0.0.1:7777>",
      callId: "bundle-1",
      cseq: 1,
    });
    assert.equal(r.final?.status, 200);
    assert.equal(await app.stop(), 0);
  } finally {
    peer.close();
    await app?.stop();
    rmSync(cfg.dir, { recursive: true, force: true });
  }
});
