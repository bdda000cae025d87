import assert from "node:assert/strict";
import { test } from "node:test";
import { checkDestinations, destinationSites } from "./destinations.ts";
import { labForTests } from "./lab-for-tests.ts";

test("destinations that exist have no findings", () => {
  const lab = labForTests();
  lab.extensions[1]!.onNoAnswer = { voicemail: "100" };
  assert.deepEqual(checkDestinations(lab), []);
});

test("every kind of destination is resolved", () => {
  const lab = labForTests();
  lab.trunks[0]!.dids.push(
    { number: "1", destination: { extension: "102" } },
    { number: "2", destination: { ringGroup: "sales" } },
    { number: "3", destination: { voicemail: "101" } },
    { number: "4", destination: { conference: "800" } },
    { number: "5", destination: { ivr: "main" } },
    { number: "6", destination: { hangup: true } },
  );
  assert.deepEqual(
    checkDestinations(lab).map((f) => [f.path.join("."), f.message]),
    [
      ["trunks.0.dids.1.destination.extension", 'unknown extension "102" (declared: 100, 101)'],
      ["trunks.0.dids.2.destination.ringGroup", 'unknown ring group "sales" (none is declared)'],
      [
        "trunks.0.dids.3.destination.voicemail",
        "extension 101 has no voicemail box (add voicemail: { pin: … } to it)",
      ],
      ["trunks.0.dids.4.destination.conference", 'unknown conference "800" (none is declared)'],
      ["trunks.0.dids.5.destination.ivr", 'unknown IVR menu "main" (none is declared)'],
    ],
  );
});

test("destination sites include IVR options, timeouts and after-hours", () => {
  const lab = labForTests();
  lab.ivrMenus.push({
    name: "main",
    greeting: { say: "Hi" },
    options: { "13": { destination: { extension: "100" }, hidden: false } },
    firstDigitTimeout: 5,
    retries: 2,
    dialByExtension: false,
    onTimeout: { hangup: true },
    hours: {
      weekly: [{ days: ["mon"], from: "09:00", to: "17:00" }],
      holidays: [],
      afterHours: { voicemail: "100" },
    },
  });
  assert.deepEqual(
    destinationSites(lab).map((s) => s.path.join(".")),
    [
      "ivrMenus.0.options.13.destination",
      "ivrMenus.0.onTimeout",
      "ivrMenus.0.hours.afterHours",
      "trunks.0.dids.0.destination",
    ],
  );
});
