// The real launcher, as a subprocess: bin/pibx.js registers tsx and runs bin/pibx.ts.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const root = new URL("..", import.meta.url).pathname;

function pibx(...args: string[]) {
  const result = spawnSync(process.execPath, ["bin/pibx.js", ...args], { cwd: root, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("pibx validate on the home-lab example exits 0 with a summary", () => {
  const result = pibx("validate", "examples/home-lab/lab.yaml");
  assert.equal(result.stderr, "");
  assert.equal(
    result.stdout,
    "examples/home-lab/lab.yaml: valid (4 extensions, 3 devices, 1 trunk, 1 IVR menu)\n",
  );
  assert.equal(result.status, 0);
});

test("pibx validate on an invalid fixture exits 1 with exactly the expected lines", () => {
  const file = "schemas/fixtures/invalid/many-problems.yaml";
  const expected = readFileSync(
    new URL(`../${file.replace(/\.yaml$/, ".expected")}`, import.meta.url),
    "utf8",
  );
  const result = pibx("validate", file);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr, `${expected}${file}: 3 errors\n`);
  assert.equal(result.status, 1);
});
