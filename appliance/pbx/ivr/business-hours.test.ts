import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../base/index.ts";
import { isOpen, localTime } from "./business-hours.ts";
import type { BusinessHours } from "./ivr-menu-config.ts";

const hours: BusinessHours = {
  weekly: [
    { days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" },
    { days: ["sun"], from: "01:00", to: "04:00" },
  ],
  holidays: ["2026-07-03"],
  afterHours: { voicemail: "100" },
};
const NY = "America/New_York";

test("local time around the US spring-forward (2026-03-08, 02:00 EST → 03:00 EDT)", () => {
  // 06:59 UTC = 01:59 EST; 07:00 UTC = 03:00 EDT (02:xx does not exist).
  assert.deepEqual(localTime(new Date("2026-03-08T06:59:00Z"), NY), {
    date: "2026-03-08",
    weekday: "sun",
    minutes: 119,
  });
  assert.deepEqual(localTime(new Date("2026-03-08T07:00:00Z"), NY), {
    date: "2026-03-08",
    weekday: "sun",
    minutes: 180,
  });
  // The Sunday 01:00–04:00 window is only two real hours long that night.
  assert.equal(isOpen(hours, new Date("2026-03-08T06:30:00Z"), NY), true); // 01:30 EST
  assert.equal(isOpen(hours, new Date("2026-03-08T07:30:00Z"), NY), true); // 03:30 EDT
  assert.equal(isOpen(hours, new Date("2026-03-08T08:00:00Z"), NY), false); // 04:00 EDT
});

test("local time around the fall-back (2026-11-01, 02:00 EDT → 01:00 EST): 01:30 happens twice", () => {
  assert.equal(localTime(new Date("2026-11-01T05:30:00Z"), NY).minutes, 90); // 01:30 EDT
  assert.equal(localTime(new Date("2026-11-01T06:30:00Z"), NY).minutes, 90); // 01:30 EST
  assert.equal(isOpen(hours, new Date("2026-11-01T05:30:00Z"), NY), true);
  assert.equal(isOpen(hours, new Date("2026-11-01T06:30:00Z"), NY), true);
  assert.equal(isOpen(hours, new Date("2026-11-01T09:00:00Z"), NY), false); // 04:00 EST
});

test("the same UTC instant is open in New York and closed in Paris (weekday boundaries too)", () => {
  const t = new Date("2026-06-05T20:30:00Z"); // Fri 16:30 EDT, Fri 22:30 CEST
  assert.equal(isOpen(hours, t, NY), true);
  assert.equal(isOpen(hours, t, "Europe/Paris"), false);
  // Monday 00:30 in Paris is Sunday evening in New York.
  assert.equal(localTime(new Date("2026-06-07T22:30:00Z"), "Europe/Paris").weekday, "mon");
  assert.equal(localTime(new Date("2026-06-07T22:30:00Z"), NY).weekday, "sun");
});

test("European DST: 17:00 closing follows local time across the March change", () => {
  const paris: BusinessHours = { ...hours, holidays: [] };
  // Fri 2026-03-27 16:30 CET = 15:30Z; Mon 2026-03-30 16:30 CEST = 14:30Z.
  assert.equal(isOpen(paris, new Date("2026-03-27T15:30:00Z"), "Europe/Paris"), true);
  assert.equal(isOpen(paris, new Date("2026-03-30T14:30:00Z"), "Europe/Paris"), true);
  assert.equal(isOpen(paris, new Date("2026-03-30T15:30:00Z"), "Europe/Paris"), false); // 17:30 CEST
});

test("holidays are local dates: late evening UTC of the day before counts in New York", () => {
  assert.equal(isOpen(hours, new Date("2026-07-03T14:00:00Z"), NY), false); // Fri 10:00 EDT, holiday
  assert.equal(isOpen(hours, new Date("2026-07-02T20:00:00Z"), NY), true); // Thu 16:00 EDT
});

test("bounds: from is inclusive, to exclusive; a bad zone is a ConfigError", () => {
  assert.equal(isOpen(hours, new Date("2026-06-01T13:00:00Z"), NY), true); // Mon 09:00
  assert.equal(isOpen(hours, new Date("2026-06-01T12:59:00Z"), NY), false);
  assert.equal(isOpen(hours, new Date("2026-06-01T21:00:00Z"), NY), false); // 17:00
  assert.throws(() => isOpen(hours, new Date(), "Mars/Olympus"), ConfigError);
});
