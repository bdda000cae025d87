import assert from "node:assert/strict";
import { test } from "node:test";
import { labForTests } from "./lab-for-tests.ts";
import { checkUniqueNames } from "./unique-names.ts";

test("distinct names have no findings", () => {
  assert.deepEqual(checkUniqueNames(labForTests()), []);
});

test("a second device with the same id is reported with the first's path", () => {
  const lab = labForTests();
  lab.devices.push(
    { id: "phone", type: "softphone", app: "linphone" },
    { id: "phone", type: "softphone", app: "generic" },
  );
  assert.deepEqual(checkUniqueNames(lab), [
    {
      path: ["devices", 1, "id"],
      message: 'duplicate device id "phone" (first at devices[0].id)',
      severity: "error",
    },
  ]);
});

test("a DID declared on two trunks is reported", () => {
  const lab = labForTests();
  const second = structuredClone(lab.trunks[0]!);
  second.name = "backup";
  lab.trunks.push(second);
  assert.deepEqual(
    checkUniqueNames(lab).map((f) => f.path),
    [["trunks", 1, "dids", 0, "number"]],
  );
});
