// Every fixture: valid labs load without a diagnostic; each invalid NAME.yaml gives exactly the
// lines of NAME.expected.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { formatDiagnostic, loadLabText } from "./index.ts";

const root = new URL("..", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const yamlFiles = (dir: string) =>
  readdirSync(new URL(dir, root))
    .filter((f) => f.endsWith(".yaml"))
    .sort();

test("there are enough fixtures", () => {
  assert.ok(yamlFiles("schemas/fixtures/invalid").length >= 30);
  assert.ok(yamlFiles("schemas/fixtures/valid").length >= 3);
});

for (const name of yamlFiles("schemas/fixtures/valid")) {
  test(`valid fixture ${name}`, () => {
    const file = `schemas/fixtures/valid/${name}`;
    const { lab, diagnostics } = loadLabText(read(file), file);
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
    assert.ok(lab !== undefined);
  });
}

for (const name of yamlFiles("schemas/fixtures/invalid")) {
  test(`invalid fixture ${name}`, () => {
    const file = `schemas/fixtures/invalid/${name}`;
    const expected = read(file.replace(/\.yaml$/, ".expected"))
      .split("\n")
      .filter((l) => l !== "");
    const { lab, diagnostics } = loadLabText(read(file), file);
    assert.deepEqual(diagnostics.map(formatDiagnostic), expected);
    assert.ok(expected.length > 0, "an invalid fixture expects at least one diagnostic");
    assert.equal(
      lab === undefined,
      diagnostics.some((d) => d.severity === "error"),
    );
  });
}
