import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dscpCodePoint } from "./dscp.ts";
import { RecipeError } from "./errors.ts";

describe("DSCP code points", () => {
  it("maps names per RFC 2474, 2597, 3246 and 5865", () => {
    assert.equal(dscpCodePoint("EF"), 46);
    assert.equal(dscpCodePoint("CS3"), 24);
    assert.equal(dscpCodePoint("AF41"), 34);
    assert.equal(dscpCodePoint("AF11"), 10);
    assert.equal(dscpCodePoint("VA"), 44);
    assert.equal(dscpCodePoint("DF"), 0);
    assert.equal(dscpCodePoint("cs5"), 40);
    assert.equal(dscpCodePoint(26), 26);
  });

  it("rejects unknown names and out-of-range numbers", () => {
    assert.throws(() => dscpCodePoint("AF51"), RecipeError);
    assert.throws(() => dscpCodePoint(64), RecipeError);
    assert.throws(() => dscpCodePoint(1.5), RecipeError);
  });
});
