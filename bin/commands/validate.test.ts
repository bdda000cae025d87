import assert from "node:assert/strict";
import { test } from "node:test";
import type { CommandIo } from "./command.ts";
import { validateCommand } from "./validate.ts";

function capture(): CommandIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l) };
}

test("a valid lab: one summary line, exit 0", async () => {
  const io = capture();
  assert.equal(await validateCommand.run(["examples/home-lab/lab.yaml"], io), 0);
  assert.deepEqual(io.err, []);
  assert.deepEqual(io.out, [
    "examples/home-lab/lab.yaml: valid (4 extensions, 3 devices, 1 trunk, 1 IVR menu)",
  ]);
});

test("warnings only: printed, exit 0", async () => {
  const io = capture();
  assert.equal(await validateCommand.run(["schemas/fixtures/invalid/emergency-missing.yaml"], io), 0);
  assert.equal(io.err.length, 1);
  assert.match(io.err[0]!, /: warning: \(root\): no emergency number/);
  assert.deepEqual(io.out, [
    "schemas/fixtures/invalid/emergency-missing.yaml: valid with 1 warning (1 extension, 0 devices, 1 trunk, 0 IVR menus)",
  ]);
});

test("errors: every diagnostic and a count, exit 1", async () => {
  const io = capture();
  assert.equal(await validateCommand.run(["schemas/fixtures/invalid/unknown-secret.yaml"], io), 1);
  assert.deepEqual(io.out, []);
  assert.equal(io.err.length, 3);
  assert.equal(io.err[2], "schemas/fixtures/invalid/unknown-secret.yaml: 1 error, 1 warning");
});

test("a missing argument is a usage error", async () => {
  const io = capture();
  assert.equal(await validateCommand.run([], io), 2);
  assert.deepEqual(io.err, ["usage: pibx validate <lab.yaml>"]);
});
