import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matchesDialPattern } from "../../../schemas/checks/dial-pattern.ts";
import { compileDialPattern, couldComplete, matchesPattern } from "./dial-pattern.ts";

describe("dial patterns", () => {
  const cases: Array<[string, string, boolean]> = [
    ["1NXXNXXXXXX", "12125550100", true],
    ["1NXXNXXXXXX", "11125550100", false],
    ["1NXXNXXXXXX", "1212555010", false],
    ["NXXNXXXXXX", "2125550100", true],
    ["1555XXXX", "15550199", true],
    ["1555XXXX", "155501999", false],
    ["555XXXX", "5550100", true],
    ["911", "911", true],
    ["911", "9110", false],
    ["011.", "011442079460000", true],
    ["011.", "011", false],
    ["+.", "+442079460000", true],
    ["+1NXX.", "+12125550100", true],
    ["[2-4]XX", "399", true],
    ["[2-4]XX", "599", false],
    ["[135]X", "31", true],
    ["[135]X", "21", false],
    ["ZX", "10", true],
    ["ZX", "01", false],
    ["*9X", "*97", true],
    ["x.", "1*#", true],
  ];
  for (const [pattern, number, expected] of cases) {
    it(`${pattern} ${expected ? "matches" : "does not match"} ${number} (as the lab schema's check says)`, () => {
      assert.equal(matchesPattern(compileDialPattern(pattern), number), expected);
      assert.equal(matchesDialPattern(pattern, number), expected, "same semantics as schemas/checks");
    });
  }

  const incomplete: Array<[string, string, boolean]> = [
    ["1NXXNXXXXXX", "1212", true],
    ["1NXXNXXXXXX", "1", true],
    ["1NXXNXXXXXX", "1112", false],
    ["1NXXNXXXXXX", "12125550100", false],
    ["011.", "01", true],
    ["011.", "011", true],
    ["011.", "0114", false],
    ["911", "91", true],
  ];
  for (const [pattern, prefix, expected] of incomplete) {
    it(`${prefix} ${expected ? "could still complete" : "cannot complete"} ${pattern}`, () =>
      assert.equal(couldComplete(compileDialPattern(pattern), prefix), expected));
  }
});
