import assert from "node:assert/strict";
import { test } from "node:test";
import { formatPath, parseJsonPointer } from "./path.ts";

test("paths read like the YAML they point into", () => {
  assert.equal(formatPath([]), "(root)");
  assert.equal(formatPath(["extensions", 0, "voicemail", "pin"]), "extensions[0].voicemail.pin");
  assert.equal(
    formatPath(["ivrMenus", 0, "options", "13", "destination"]),
    'ivrMenus[0].options["13"].destination',
  );
  assert.equal(formatPath(["secrets", "2fa"]), 'secrets["2fa"]');
  assert.equal(formatPath(["appliance-extra"]), "appliance-extra");
});

test("JSON pointers: array indices become numbers, object keys stay strings", () => {
  const data = { a: [{ "13": { "x/y": 1 } }] };
  assert.deepEqual(parseJsonPointer("/a/0/13/x~1y", data), ["a", 0, "13", "x/y"]);
  assert.deepEqual(parseJsonPointer("", data), []);
});
