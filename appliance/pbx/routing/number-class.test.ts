import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NANP } from "../blacklist/phone-number.ts";
import {
  classifyNumber,
  NANP_PREMIUM_PREFIXES,
  type NumberClass,
  type Permission,
  permits,
} from "./number-class.ts";

describe("classifyNumber (NANP)", () => {
  const o = { dialing: NANP, emergencyNumbers: ["911"], premiumPrefixes: NANP_PREMIUM_PREFIXES };
  const cases: Array<[string, NumberClass]> = [
    ["911", "emergency"],
    ["5550100", "national"],
    ["15550100", "national"],
    ["12125550100", "national"],
    ["+12125550100", "national"],
    ["19005551234", "premium"],
    ["+19765551234", "premium"],
    ["9005551234", "premium"],
    ["011442079460000", "international"],
    ["+442079460000", "international"],
  ];
  for (const [n, c] of cases) it(`${n} is ${c}`, () => assert.equal(classifyNumber(n, o), c));

  it("uses the site's conventions: 00 international and +33 national in France", () => {
    const fr = { countryCode: "33", nationalPrefix: "0", internationalPrefix: "00" };
    const f = { dialing: fr, emergencyNumbers: ["112"], premiumPrefixes: ["089"] };
    assert.equal(classifyNumber("0033123456789", f), "national");
    assert.equal(classifyNumber("0044207946", f), "international");
    assert.equal(classifyNumber("0899123456", f), "premium");
    assert.equal(classifyNumber("112", f), "emergency");
  });
});

describe("permits", () => {
  const table: Array<[Permission, NumberClass, boolean]> = [
    ["internal", "national", false],
    ["internal", "international", false],
    ["internal", "emergency", true],
    ["national", "national", true],
    ["national", "international", false],
    ["national", "emergency", true],
    ["international", "international", true],
    ["international", "national", true],
    ["international", "premium", false],
  ];
  for (const [p, c, ok] of table)
    it(`${p} ${ok ? "may" : "may not"} call ${c}`, () => assert.equal(permits(p, c), ok));
});
