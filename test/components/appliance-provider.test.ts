// The Appliance provider's functions against a real sshd in a `pibxp-*` namespace running the real
// appliance (appliance/main.ts): create pushes and hot-reloads (same process: no dropped calls),
// diff previews in phone-system terms without secret values, update rotates a password, read
// detects drift, a config the appliance rejects is rolled back, an unreachable Pi fails in bounded time.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { testSecrets } from "../../infra/plan/test-secrets.ts";
import {
  type ApplianceInputs,
  type ApplianceOutputs,
  applianceCheck,
  applianceCreate,
  applianceDiff,
  applianceRead,
  applianceUpdate,
} from "../../infra/providers/appliance.ts";
import { renderApplianceDocument } from "../../infra/providers/appliance-document.ts";
import { ApplianceConfigRejectedError } from "../../infra/providers/appliance-errors.ts";
import { pushApplianceConfig, sha256Hex } from "../../infra/providers/appliance-push.ts";
import { type ApplianceRemote, defaultApplianceRemote } from "../../infra/providers/appliance-remote.ts";
import { SshSession, SshUnreachableError, waitForSsh } from "../../infra/ssh/index.ts";
import { type Lab, loadLab } from "../../schemas/index.ts";
import { type ApplianceProcess, namespacesAvailable, SshdNamespace } from "./sshd-namespace.ts";

const skip = !namespacesAvailable() && "needs root, ip netns and sshd";

function exampleLab(): Lab {
  const { lab } = loadLab(fileURLToPath(new URL("../../examples/home-lab/lab.yaml", import.meta.url)));
  assert.ok(lab);
  return lab;
}

function secretValues(lab: Lab, salt: string): Record<string, string> {
  return testSecrets(lab, {}, `${salt}-Zq8`);
}

describe("Appliance provider against a real sshd and the real appliance", { skip }, () => {
  const pi = new SshdNamespace();
  let appliance: ApplianceProcess;
  let inputs: ApplianceInputs;
  let created: ApplianceOutputs;

  before(async () => {
    await pi.start();
    const lab = exampleLab();
    // The Pi starts with some older config (as after first boot).
    appliance = await pi.startAppliance(renderApplianceDocument(lab, secretValues(lab, "old")));
    const remote: ApplianceRemote = {
      ...defaultApplianceRemote,
      configPath: appliance.configPath,
      configGroup: "root", // the host has no _pibx group; the login is root
      sudo: false,
      reloadCommand: `kill -HUP ${appliance.pid}`,
      logCommand: `cat ${appliance.logPath}`,
      statusCommand: `kill -0 ${appliance.pid}`,
      reloadTimeoutMs: 10_000,
      healthTimeoutMs: 5_000,
    };
    const checked = applianceCheck({
      lab,
      secrets: secretValues(lab, "one"),
      connection: {
        host: pi.host,
        port: pi.port,
        username: pi.username,
        privateKey: pi.privateKey,
        hostKeySha256: pi.hostKeySha256(),
        waitBudgetMs: 20_000,
      },
      remote,
    });
    assert.ok(checked.inputs, JSON.stringify(checked.failures));
    inputs = checked.inputs;
  });

  after(() => pi.close());

  it("create pushes the config, the appliance reloads it in place and is healthy", async () => {
    const result = await applianceCreate(inputs);
    assert.ok(result.outs);
    created = result.outs;
    const onPi = readFileSync(appliance.configPath, "utf8");
    assert.equal(onPi, created.pushedConfig);
    assert.equal(sha256Hex(onPi), created.configHash);
    assert.deepEqual(created.health, {
      service: "active",
      reload: "confirmed",
      trunks: { callcentric: "unknown" },
    });
    assert.ok(appliance.alive(), "same process: reloaded by SIGHUP, not restarted");
    assert.match(readFileSync(appliance.logPath, "utf8"), /config reloaded/);
    // Only HA1 digests go out: no extension password in the file.
    assert.ok(!onPi.includes(inputs.secrets.ext100Password ?? "-"));
  });

  it("diff previews one IVR change in phone-system terms, and a rotation without values", () => {
    const lab = structuredClone(inputs.lab);
    lab.ivrMenus[0]!.options["13"] = { destination: { extension: "101" }, hidden: false };
    const secrets = { ...inputs.secrets, trunkPassword: "rotated-trunk-password-XYZ" };
    const lines: string[] = [];
    const result = applianceDiff(created, { ...inputs, lab, secrets }, (l) => lines.push(l));
    assert.equal(result.changes, true);
    assert.deepEqual(lines, [
      "appliance pibx: trunk callcentric: password rotated",
      "appliance pibx: IVR main: option 13 now rings extension 101 instead of 100",
    ]);
    for (const value of [...Object.values(secrets), ...Object.values(inputs.secrets)]) {
      assert.ok(!lines.join("\n").includes(value));
    }
    const same: string[] = [];
    assert.equal(applianceDiff(created, inputs, (l) => same.push(l)).changes, false);
    assert.deepEqual(same, []);
  });

  it("update rotates an extension password: new HA1 on the Pi, same process", async () => {
    const secrets = { ...inputs.secrets, ext101Password: "a-brand-new-password-0042" };
    const before = readFileSync(appliance.configPath, "utf8");
    const { outs } = await applianceUpdate({ ...inputs, secrets });
    assert.ok(outs);
    const after = readFileSync(appliance.configPath, "utf8");
    assert.notEqual(after, before);
    assert.equal(after, outs.pushedConfig);
    assert.ok(appliance.alive());
    // Put the first config back for the next tests.
    created = (await applianceUpdate(inputs)).outs as ApplianceOutputs;
  });

  it("read finds no drift, then the drift of a file edited on the Pi, which diff reports", async () => {
    const clean = await applianceRead("pibx", created);
    assert.equal(clean.props?.configHash, created.configHash);
    writeFileSync(appliance.configPath, created.pushedConfig.replace('"level": "info"', '"level": "debug"'));
    const drifted = await applianceRead("pibx", created);
    assert.notEqual(drifted.props?.configHash, created.configHash);
    const lines: string[] = [];
    assert.equal(
      applianceDiff(drifted.props as ApplianceOutputs, inputs, (l) => lines.push(l)).changes,
      true,
    );
    assert.match(lines.join("\n"), /differs from what pibx pushed \(drift\)/);
    // Converge again.
    await applianceUpdate(inputs);
    assert.equal(readFileSync(appliance.configPath, "utf8"), created.pushedConfig);
  });

  it("a config the appliance rejects on reload is rolled back on disk and reported", async () => {
    const good = readFileSync(appliance.configPath, "utf8");
    const session = await SshSession.connect(inputs.connection);
    try {
      await assert.rejects(
        pushApplianceConfig(session, inputs.remote, '{ "version": 1 }\n', { trunks: [] }),
        (err: unknown) => err instanceof ApplianceConfigRejectedError && err.step === "reload",
      );
      const validated = { ...inputs.remote, validateCommand: "grep -q never-there {file}" };
      await assert.rejects(
        pushApplianceConfig(session, validated, good, { trunks: [] }),
        (err: unknown) => err instanceof ApplianceConfigRejectedError && err.step === "validate",
      );
    } finally {
      session.close();
    }
    assert.equal(readFileSync(appliance.configPath, "utf8"), good);
    assert.match(readFileSync(appliance.logPath, "utf8"), /config rejected/);
    assert.ok(appliance.alive());
  });

  it("an unreachable Pi fails after a bounded number of attempts with backoff", async () => {
    const slept: number[] = [];
    let clock = 0;
    await assert.rejects(
      waitForSsh(
        { ...inputs.connection, port: pi.port + 1, readyTimeoutMs: 2_000 },
        {
          backoff: { initialMs: 100, maxMs: 400, factor: 2, budgetMs: 1_000 },
          now: () => clock,
          sleep: async (ms) => {
            slept.push(ms);
            clock += ms;
          },
        },
      ),
      (err: unknown) => err instanceof SshUnreachableError && err.attempts === 4,
    );
    assert.deepEqual(slept, [100, 200, 400]);
  });

  it("a wrong host key is refused", async () => {
    await assert.rejects(SshSession.connect({ ...inputs.connection, hostKeySha256: "SHA256:not-this-one" }));
  });
});
