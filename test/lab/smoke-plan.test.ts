import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type Lab, requireLab } from "../../schemas/index.ts";
import { describeSmokePlan, SmokePlanError, smokePlan } from "./smoke-plan.ts";

const example = requireLab(fileURLToPath(new URL("../../examples/virtual-lab/lab.yaml", import.meta.url)));

function withDid(lab: Lab, destination: Lab["trunks"][number]["dids"][number]["destination"]): Lab {
  const [trunk, ...rest] = lab.trunks;
  return { ...lab, trunks: [{ ...trunk!, dids: [{ ...trunk!.dids[0]!, destination }] }, ...rest] };
}

describe("smokePlan", () => {
  it("reads the example: DID → IVR main → 13 → the desk phone's extension 100", () => {
    const plan = smokePlan(example);
    assert.deepEqual(plan, {
      trunk: "provider",
      did: "15550123",
      route: { kind: "ivr", menu: "main", digits: "13" },
      extension: "100",
      deskDevice: { id: "desk-7821", mac: "00:1B:54:AA:BB:CC" },
    });
    assert.equal(describeSmokePlan(plan), 'DID 15550123 → IVR main → "13" → extension 100 (desk-7821)');
  });

  it("calls the extension directly when a DID rings it", () => {
    const plan = smokePlan(withDid(example, { extension: "100" }));
    assert.deepEqual(plan.route, { kind: "extension" });
    assert.equal(describeSmokePlan(plan), "DID 15550123 → extension 100 (desk-7821)");
  });

  it("prefers an announced option to a hidden one, then the shortest", () => {
    const [main, ...rest] = example.ivrMenus;
    const options = {
      "4": { destination: { extension: "100" }, hidden: true },
      "57": { destination: { extension: "100" }, hidden: false },
      "6": { destination: { extension: "100" }, hidden: false },
    };
    const plan = smokePlan({ ...example, ivrMenus: [{ ...main!, options }, ...rest] });
    assert.deepEqual(plan.route, { kind: "ivr", menu: "main", digits: "6" });
  });

  it("fails clearly when no DID reaches the desk phone", () => {
    assert.throws(
      () => smokePlan(withDid(example, { voicemail: "100" })),
      (e: unknown) =>
        e instanceof SmokePlanError &&
        e.message === "no DID reaches extension 100 (the desk phone's), directly or through one IVR option",
    );
    assert.throws(() => smokePlan({ ...example, devices: [] }), SmokePlanError);
  });
});
