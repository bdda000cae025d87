import assert from "node:assert/strict";
import { test } from "node:test";
import { toDigitMap, toDigitMapElement, toGrandstreamDialPlan } from "./dial-plan.ts";

test("lab patterns become digit-map elements", () => {
  assert.equal(toDigitMapElement("1NXXNXXXXXX"), "1[2-9]xx[2-9]xxxxxx");
  assert.equal(toDigitMapElement("Z[1-5]X"), "[1-9][1-5]x");
  assert.equal(toDigitMapElement("011."), "011xx.");
  assert.equal(toDigitMapElement("+X."), "+xxx.");
  assert.equal(toDigitMap(["XXX", "*97"]), "(xxx|*97)");
  assert.equal(toGrandstreamDialPlan(["XXX", "011."]), "{ xxx | 011x+ }");
});
