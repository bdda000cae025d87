import assert from "node:assert/strict";
import { test } from "node:test";
import { parseYamlSource } from "./yaml-source.ts";

const text = `site:
  name: Lab
  tags: [a, b]
extensions:
  - number: "100"
    name:
  - { number: "101", name: Bob }
`;

test("positions of values, keys and missing nodes", () => {
  const source = parseYamlSource(text);
  assert.deepEqual(source.positionOf(["site", "name"]), { line: 2, column: 9 });
  assert.deepEqual(source.positionOf(["site", "name"], true), { line: 2, column: 3 });
  assert.deepEqual(source.positionOf(["site", "tags", 1]), { line: 3, column: 13 });
  assert.deepEqual(source.positionOf(["extensions", 1, "name"]), { line: 7, column: 28 });
  // an empty value points at its key; a missing one at the deepest existing parent
  assert.deepEqual(source.positionOf(["extensions", 0, "name"]), { line: 6, column: 5 });
  assert.deepEqual(source.positionOf(["extensions", 0, "voicemail", "pin"]), { line: 5, column: 5 });
  assert.deepEqual(source.positionOf([]), { line: 1, column: 1 });
  assert.deepEqual(source.data, {
    site: { name: "Lab", tags: ["a", "b"] },
    extensions: [
      { number: "100", name: null },
      { number: "101", name: "Bob" },
    ],
  });
});

test("duplicate keys are found at every depth, the later value wins", () => {
  const source = parseYamlSource("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n");
  assert.deepEqual(source.duplicateKeys, [
    {
      path: ["b", "c"],
      position: { line: 4, column: 3 },
      message: 'duplicate key "c" (first defined at line 3)',
    },
    { path: ["a"], position: { line: 5, column: 1 }, message: 'duplicate key "a" (first defined at line 1)' },
  ]);
  assert.deepEqual(source.data, { a: 3, b: { c: 2 } });
});

test("syntax errors carry their position and leave no data", () => {
  const source = parseYamlSource("a: [1, 2\nb: 3\n");
  assert.ok(source.syntaxErrors.length > 0);
  assert.equal(source.data, undefined);
  for (const e of source.syntaxErrors) {
    assert.match(e.message, /^YAML syntax error: /);
    assert.ok(e.position.line >= 1);
  }
});

test("aliases are followed", () => {
  const source = parseYamlSource("base: &b { x: 1 }\nother: *b\n");
  assert.deepEqual(source.data, { base: { x: 1 }, other: { x: 1 } });
  assert.deepEqual(source.positionOf(["other", "x"]), { line: 1, column: 15 });
});
