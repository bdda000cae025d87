import assert from "node:assert/strict";
import { test } from "node:test";
import { matchesDialPattern } from "./dial-pattern.ts";

test("digits, X, Z, N, sets and the trailing dot", () => {
  const cases: [string, string, boolean][] = [
    ["911", "911", true],
    ["911", "9111", false],
    ["NXXNXXXXXX", "2125551234", true],
    ["NXXNXXXXXX", "1125551234", false],
    ["1NXXNXXXXXX", "12125551234", true],
    ["Z1X", "010", false],
    ["Z1X", "213", true],
    ["[1-3]5", "25", true],
    ["[1-3]5", "45", false],
    ["011.", "01144", true],
    ["011.", "011", false],
    ["+1NXX.", "+1212555", true],
    ["*97", "*97", true],
  ];
  for (const [pattern, number, expected] of cases) {
    assert.equal(matchesDialPattern(pattern, number), expected, `${pattern} vs ${number}`);
  }
});
