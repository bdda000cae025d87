import assert from "node:assert/strict";
import { test } from "node:test";
import { labForTests } from "./lab-for-tests.ts";
import { checkSecrets, secretUses } from "./secrets.ts";

test("declared and used secrets have no findings", () => {
  assert.deepEqual(checkSecrets(labForTests()), []);
});

test("secret uses are found wherever they are", () => {
  assert.deepEqual(
    secretUses(labForTests()).map((u) => `${u.name}@${u.path.join(".")}`),
    [
      "ext100@extensions.0.password.secret",
      "vm100@extensions.0.voicemail.pin.secret",
      "ext101@extensions.1.password.secret",
      "trunk@trunks.0.password.secret",
    ],
  );
});

test("an undeclared secret is an error, an unused one a warning", () => {
  const lab = labForTests();
  lab.trunks[0]!.password = { secret: "trunkk" };
  assert.deepEqual(checkSecrets(lab), [
    {
      path: ["trunks", 0, "password", "secret"],
      message:
        'unknown secret "trunkk" (did you mean "trunk"?): declare it under secrets, e.g. trunkk: { from: config }',
      severity: "error",
    },
    {
      path: ["secrets", "trunk"],
      message: 'secret "trunk" is declared but never used',
      severity: "warning",
      atKey: true,
    },
  ]);
});
