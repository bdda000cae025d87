import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { renderDocs, renderType } from "./render-docs.ts";

test("docs/lab-reference.md is up to date (run `npm run gen:docs`)", () => {
  const committed = readFileSync(new URL("../../docs/lab-reference.md", import.meta.url), "utf8");
  assert.equal(renderDocs(), committed);
});

test("types render as links, lists, enums and ranges", () => {
  assert.equal(renderType({ $ref: "#/$defs/Destination" }), "[Destination](#destination)");
  assert.equal(
    renderType({ type: "array", items: { type: "string", format: "ipv4" } }),
    "list of string ([ipv4](#format-ipv4))",
  );
  assert.equal(renderType({ enum: ["udp", "tcp"] }), '`"udp"` | `"tcp"`');
  assert.equal(renderType({ type: "integer", minimum: 1, maximum: 65535 }), "integer 1–65535");
});

test("every object of the schema has a section, every property a row", () => {
  const docs = renderDocs();
  for (const heading of [
    "## Lab",
    "## Extension",
    "## IvrMenu",
    "## Trunk",
    "## DhcpPool",
    "## VoiceQos",
    "## Destination",
  ]) {
    assert.ok(docs.includes(`\n${heading}\n`), heading);
  }
  assert.match(docs, /\| `interDigitTimeout` +\| integer 1–10 +\| +\| — +\| Seconds to wait/);
});
