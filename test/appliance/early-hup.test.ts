// A config pushed while the appliance is still starting (its SIGHUP arrives before "appliance
// ready") is applied once it has started, not lost: the push would otherwise wait in vain for
// "config reloaded".
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { startApplianceProcess } from "./helpers/appliance-process.ts";
import { writeTestConfig } from "./helpers/test-config.ts";

test("a SIGHUP during startup reloads the config once the appliance is up", async () => {
  const cfg = writeTestConfig();
  let sent = false;
  const app = await startApplianceProcess({
    configPath: cfg.configPath,
    onStartupLine: (line, child) => {
      // The first line comes from inside startAppliance: the handlers are installed by then.
      if (sent || !line.includes('"msg":"bindings loaded"')) return;
      const c = JSON.parse(readFileSync(cfg.configPath, "utf8")) as Record<string, unknown>;
      writeFileSync(cfg.configPath, JSON.stringify({ ...c, blacklist: { numbers: ["15550666"] } }));
      child.signal("SIGHUP");
      sent = true;
    },
  });
  try {
    assert.ok(sent, "the HUP went out during startup");
    const ready = app.output().indexOf('"msg":"appliance ready"');
    const line = await app.waitForLine(/"msg":"config reloaded"/, 10_000);
    assert.ok(app.output().indexOf(line) > ready, "reloaded after startup, not before");
  } finally {
    await app.stop();
    rmSync(cfg.dir, { recursive: true, force: true });
  }
});
