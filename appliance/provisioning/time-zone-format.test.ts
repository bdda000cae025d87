import assert from "node:assert/strict";
import { test } from "node:test";
import type { TimeZoneRule } from "./device-provisioning.ts";
import { ciscoDstRule, gmtOffsetText, posixTz } from "./time-zone-format.ts";

const paris: TimeZoneRule = {
  iana: "Europe/Paris",
  standardOffsetMinutes: 60,
  standardAbbreviation: "GMT+1",
  dst: {
    savingMinutes: 60,
    abbreviation: "GMT+2",
    start: { month: 3, week: -1, weekday: 7, hour: 2 },
    end: { month: 10, week: -1, weekday: 7, hour: 3 },
  },
};

test("GMT offsets as Cisco writes them", () => {
  assert.equal(gmtOffsetText(-300), "GMT-05:00");
  assert.equal(gmtOffsetText(330), "GMT+05:30");
  assert.equal(gmtOffsetText(0), "GMT+00:00");
});

test("last-Sunday rules: Cisco -1, POSIX week 5, quoted non-alphabetic names", () => {
  assert.equal(ciscoDstRule(paris), "start=3/-1/7/2;end=10/-1/7/3;save=1");
  assert.equal(posixTz(paris), "<GMT+1>-1<GMT+2>,M3.5.0/2,M10.5.0/3");
});

test("a zone without DST has no rule", () => {
  const tokyo: TimeZoneRule = { iana: "Asia/Tokyo", standardOffsetMinutes: 540, standardAbbreviation: "JST" };
  assert.equal(ciscoDstRule(tokyo), undefined);
  assert.equal(posixTz(tokyo), "JST-9");
});
