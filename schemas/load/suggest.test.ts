import assert from "node:assert/strict";
import { test } from "node:test";
import { closest, editDistance } from "./suggest.ts";

test("edit distance counts a transposition as one edit", () => {
  assert.equal(editDistance("name", "name"), 0);
  assert.equal(editDistance("nmae", "name"), 1);
  assert.equal(editDistance("extention", "extension"), 1);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("kitten", "sitting"), 3);
});

test("closest: near enough and unambiguous, else nothing", () => {
  assert.equal(closest("nmae", ["number", "name", "password"]), "name");
  assert.equal(closest("ringgroups", ["ringGroups", "trunks"]), "ringGroups");
  assert.equal(closest("colour", ["hostname", "board"]), undefined);
  assert.equal(closest("pi6", ["pi3", "pi4", "pi5"]), undefined);
  assert.equal(closest("x", []), undefined);
});
