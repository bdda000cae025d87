import assert from "node:assert/strict";
import { test } from "node:test";
import { formatRange, overlaps, uncovered } from "./port-ranges.ts";

test("uncovered parts of a range", () => {
  const wanted = { first: 10000, last: 10999 };
  assert.deepEqual(uncovered(wanted, [{ first: 10000, last: 10999 }]), []);
  assert.deepEqual(uncovered(wanted, [{ first: 9000, last: 20000 }]), []);
  assert.deepEqual(uncovered(wanted, [{ first: 10000, last: 10499 }]), [{ first: 10500, last: 10999 }]);
  assert.deepEqual(
    uncovered(wanted, [
      { first: 10600, last: 10700 },
      { first: 10100, last: 10200 },
    ]),
    [
      { first: 10000, last: 10099 },
      { first: 10201, last: 10599 },
      { first: 10701, last: 10999 },
    ],
  );
  assert.deepEqual(uncovered(wanted, []), [wanted]);
});

test("overlap and formatting", () => {
  assert.equal(overlaps({ first: 1, last: 5 }, { first: 5, last: 9 }), true);
  assert.equal(overlaps({ first: 1, last: 4 }, { first: 5, last: 9 }), false);
  assert.equal(formatRange({ first: 5060, last: 5060 }), "5060");
  assert.equal(formatRange({ first: 1, last: 2 }), "1–2");
});
