import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { renderTypes } from "./render-types.ts";

test("schemas/generated/lab.ts is up to date (run `npm run gen:types`)", async () => {
  const committed = readFileSync(new URL("../generated/lab.ts", import.meta.url), "utf8");
  assert.equal(await renderTypes(), committed);
});
