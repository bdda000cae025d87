// The Appliance provider's diff without a Pi: what the preview says, and that it never needs a value.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { type Lab, loadLab } from "../../schemas/index.ts";
import { testSecrets } from "../plan/test-secrets.ts";
import { type ApplianceInputs, type ApplianceOutputs, applianceDiff, unknownValue } from "./appliance.ts";
import { renderApplianceDocument, secretDigests } from "./appliance-document.ts";
import { sha256Hex } from "./appliance-push.ts";
import { defaultApplianceRemote } from "./appliance-remote.ts";

const lab = (() => {
  const loaded = loadLab(fileURLToPath(new URL("../../examples/home-lab/lab.yaml", import.meta.url))).lab;
  assert.ok(loaded);
  return loaded;
})();
const secrets = testSecrets(lab, {}, "9f");
const inputs: ApplianceInputs = {
  lab,
  secrets,
  connection: { host: "172.16.0.10", port: 22, username: "pibx", privateKey: "KEY-ONE" },
  remote: defaultApplianceRemote,
};
const pushedConfig = renderApplianceDocument(lab, secrets);
const state: ApplianceOutputs = {
  ...inputs,
  pushedConfig,
  configHash: sha256Hex(pushedConfig),
  secretDigests: secretDigests(secrets),
  health: { service: "active", reload: "confirmed", trunks: {} },
};

function preview(
  news: ApplianceInputs,
  olds: ApplianceOutputs = state,
): { changes: boolean; lines: string[] } {
  const lines: string[] = [];
  const result = applianceDiff(olds, news, (l) => lines.push(l));
  return { changes: result.changes === true, lines };
}

test("no change, no line, no update", () => {
  assert.deepEqual(preview(inputs), { changes: false, lines: [] });
});

test("secrets generated in the same preview (unknown yet) still preview the lab change", () => {
  const next: Lab = structuredClone(lab);
  next.ringGroups[0]!.ringTimeout = 30;
  const news = { ...inputs, lab: next, secrets: unknownValue as unknown as Record<string, string> };
  assert.deepEqual(preview(news), {
    changes: true,
    lines: ["appliance pibx: ring group everyone: ring timeout now 30 instead of 25"],
  });
  assert.equal(preview({ ...inputs, secrets: { ...secrets, vm100Pin: unknownValue } }).changes, true);
});

test("a new SSH key or address updates, and says so without the key", () => {
  const key = preview({ ...inputs, connection: { ...inputs.connection, privateKey: "KEY-TWO" } });
  assert.deepEqual(key.lines, ["appliance pibx: appliance: SSH key changed"]);
  const moved = preview({ ...inputs, connection: { ...inputs.connection, host: "172.16.0.11" } });
  assert.deepEqual(moved.lines, ["appliance pibx: appliance: now reached at pibx@172.16.0.11:22"]);
  assert.ok(![...key.lines, ...moved.lines].join().includes("KEY-"));
});

test("drift found by refresh is previewed and pushed again", () => {
  const drifted = { ...state, configHash: "f".repeat(64) };
  assert.deepEqual(preview(inputs, drifted), {
    changes: true,
    lines: [
      "appliance pibx: appliance: the config on the Pi differs from what pibx pushed (drift): it will be pushed again",
    ],
  });
});

test("an extension password rotation is named, its value and HA1 never shown", () => {
  const rotated = { ...secrets, ext101Password: "rotated-password-123456" };
  const { changes, lines } = preview({ ...inputs, secrets: rotated });
  assert.equal(changes, true);
  assert.deepEqual(lines, ["appliance pibx: extension 101: password rotated"]);
});
