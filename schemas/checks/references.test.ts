import assert from "node:assert/strict";
import { test } from "node:test";
import { labForTests } from "./lab-for-tests.ts";
import { checkReferences } from "./references.ts";

test("resolved references have no findings", () => {
  const lab = labForTests();
  lab.devices.push({
    id: "desk",
    type: "desk",
    vendor: "yealink",
    model: "T46U",
    mac: "805ec0112233",
    lineKeys: [{ line: "100" }, { blf: "101" }],
  });
  lab.extensions[0]!.devices.push("desk");
  assert.deepEqual(checkReferences(lab), []);
});

test("an unknown device suggests the closest id", () => {
  const lab = labForTests();
  lab.devices.push({ id: "desk-7821", type: "softphone", app: "linphone" });
  lab.extensions[0]!.devices.push("desk-7812");
  assert.deepEqual(checkReferences(lab), [
    {
      path: ["extensions", 0, "devices", 0],
      message: 'unknown device "desk-7812" (did you mean "desk-7821"?)',
      severity: "error",
    },
    {
      path: ["devices", 0, "id"],
      message: `device "desk-7821" is not bound to any extension (list it in an extension's devices)`,
      severity: "warning",
    },
  ]);
});

test("line keys need a bound extension; ring group members and the emergency trunk must exist", () => {
  const lab = labForTests();
  lab.devices.push({
    id: "desk",
    type: "desk",
    vendor: "snom",
    model: "D735",
    mac: "000413112233",
    lineKeys: [{ line: "101" }],
  });
  lab.extensions[0]!.devices.push("desk");
  lab.ringGroups.push({
    name: "all",
    number: "600",
    members: ["100", "199"],
    strategy: "sequential",
    ringTimeout: 20,
  });
  lab.emergency!.trunk = "nope";
  assert.deepEqual(
    checkReferences(lab).map((f) => [f.path.join("."), f.message]),
    [
      ["devices.0.lineKeys.0.line", 'extension 101 does not list device "desk" in its devices'],
      ["ringGroups.0.members.1", 'unknown extension "199" (declared: 100, 101)'],
      ["emergency.trunk", 'unknown trunk "nope" (declared: provider)'],
    ],
  );
});
