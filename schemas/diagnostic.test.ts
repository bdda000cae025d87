import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "./config-error.ts";
import { type Diagnostic, formatDiagnostic, sortDiagnostics } from "./diagnostic.ts";

const error: Diagnostic = {
  file: "lab.yaml",
  line: 3,
  column: 5,
  path: "site.name",
  message: "must not be empty",
  severity: "error",
};
const warning: Diagnostic = {
  ...error,
  line: 1,
  column: 1,
  path: "(root)",
  message: "no emergency number",
  severity: "warning",
};

test("errors and warnings format differently", () => {
  assert.equal(formatDiagnostic(error), "lab.yaml:3:5: site.name: must not be empty");
  assert.equal(formatDiagnostic(warning), "lab.yaml:1:1: warning: (root): no emergency number");
});

test("diagnostics sort by position and lose repeats", () => {
  const later = { ...error, line: 10 };
  assert.deepEqual(sortDiagnostics([later, error, warning, { ...error }]), [warning, error, later]);
});

test("ConfigError carries every diagnostic and the first error's position", () => {
  const e = new ConfigError([warning, error]);
  assert.ok(e instanceof Error);
  assert.equal(e.name, "ConfigError");
  assert.deepEqual(e.diagnostics, [warning, error]);
  assert.equal(e.path, "site.name");
  assert.equal(e.line, 3);
  assert.equal(e.column, 5);
  assert.equal(e.message, "invalid lab (1 error):\nlab.yaml:3:5: site.name: must not be empty");
});
