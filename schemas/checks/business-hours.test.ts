import assert from "node:assert/strict";
import { test } from "node:test";
import { checkBusinessHours } from "./business-hours.ts";
import { labForTests } from "./lab-for-tests.ts";

test("opening hours must close after they open", () => {
  const lab = labForTests();
  lab.ivrMenus.push({
    name: "main",
    greeting: { say: "Hi" },
    options: {},
    firstDigitTimeout: 5,
    retries: 2,
    dialByExtension: false,
    hours: {
      weekly: [
        { days: ["mon"], from: "09:00", to: "17:00" },
        { days: ["sat"], from: "12:00", to: "09:30" },
      ],
      holidays: [],
      afterHours: { hangup: true },
    },
  });
  assert.deepEqual(checkBusinessHours(lab), [
    {
      path: ["ivrMenus", 0, "hours", "weekly", 1, "to"],
      message: "must be after from (12:00)",
      severity: "error",
    },
  ]);
});
