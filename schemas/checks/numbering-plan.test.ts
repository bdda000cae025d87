import assert from "node:assert/strict";
import { test } from "node:test";
import { labForTests } from "./lab-for-tests.ts";
import { checkNumberingPlan } from "./numbering-plan.ts";

test("a clean numbering plan has no findings", () => {
  assert.deepEqual(checkNumberingPlan(labForTests()), []);
});

test("a ring group on an extension's number is reported at the ring group", () => {
  const lab = labForTests();
  lab.ringGroups.push({
    name: "all",
    number: "101",
    members: ["100"],
    strategy: "simultaneous",
    ringTimeout: 20,
  });
  assert.deepEqual(checkNumberingPlan(lab), [
    {
      path: ["ringGroups", 0, "number"],
      message: "number 101 is already used by extension 101 (Alice)",
      severity: "error",
    },
  ]);
});

test("conferences, IVR menus, the voicemail access number and emergency numbers share the plan", () => {
  const lab = labForTests();
  lab.conferences.push({ number: "800", name: "Bridge", maxParticipants: 10 });
  lab.ivrMenus.push({
    name: "main",
    number: "800",
    greeting: { say: "Hi" },
    options: {},
    firstDigitTimeout: 5,
    retries: 2,
    dialByExtension: false,
  });
  lab.voicemail.accessNumber = "911";
  const messages = checkNumberingPlan(lab).map((f) => f.message);
  assert.deepEqual(messages, [
    "number 800 is already used by conference 800 (Bridge)",
    "number 911 is already used by the voicemail access number",
  ]);
});
