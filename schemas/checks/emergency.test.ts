import assert from "node:assert/strict";
import { test } from "node:test";
import { checkEmergency } from "./emergency.ts";
import { labForTests } from "./lab-for-tests.ts";

test("an emergency number matched by a trunk pattern has no findings", () => {
  assert.deepEqual(checkEmergency(labForTests()), []);
});

test("no emergency section is a warning", () => {
  const lab = labForTests();
  delete lab.emergency;
  const findings = checkEmergency(lab);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.severity, "warning");
  assert.match(findings[0]!.message, /^no emergency number is configured/);
});

test("a number no trunk pattern matches is a warning, unless a trunk is named", () => {
  const lab = labForTests();
  lab.emergency!.numbers.push("112");
  assert.deepEqual(
    checkEmergency(lab).map((f) => [f.path.join("."), f.severity]),
    [["emergency.numbers.1", "warning"]],
  );
  lab.emergency!.trunk = "provider";
  assert.deepEqual(checkEmergency(lab), []);
});

test("no trunk at all is a warning", () => {
  const lab = labForTests();
  lab.trunks = [];
  assert.deepEqual(
    checkEmergency(lab).map((f) => f.message),
    ["no trunk is declared: emergency calls cannot reach emergency services"],
  );
});
