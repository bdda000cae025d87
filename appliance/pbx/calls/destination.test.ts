import assert from "node:assert/strict";
import { test } from "node:test";
import { describeDestination, toDestination } from "./destination.ts";

test("config destinations become typed ones; malformed ones are refused", () => {
  assert.deepEqual(toDestination({ ivr: "main" }), { ivr: "main" });
  assert.deepEqual(toDestination({ hangup: true }), { hangup: true });
  assert.deepEqual(toDestination({ extension: "100", ringGroup: undefined }), { extension: "100" });
  for (const bad of [
    null,
    "100",
    {},
    { ivr: "" },
    { ivr: 7 },
    { hangup: false },
    { a: "1" },
    { ivr: "a", extension: "1" },
  ])
    assert.equal(toDestination(bad), undefined, JSON.stringify(bad));
  assert.equal(describeDestination({ voicemail: "100" }), "voicemail:100");
});
