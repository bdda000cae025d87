import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { defaultLabFile, displayPath, loadConfiguredLab, repoRoot } from "./lab-file.ts";

test("without pibx:lab the example home lab is loaded, relative to the repository root", () => {
  const { lab, diagnostics } = loadConfiguredLab(undefined);
  assert.deepEqual(diagnostics, []);
  assert.equal(lab?.site.name, "Home lab");
  assert.equal(displayPath(join(repoRoot, defaultLabFile)), defaultLabFile);
});

test("diagnostics name the file as it was configured", () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-lab-file-"));
  try {
    const file = join(dir, "lab.yaml");
    writeFileSync(file, "site: [\n");
    const { lab, diagnostics } = loadConfiguredLab(file);
    assert.equal(lab, undefined);
    assert.ok(diagnostics.length > 0);
    assert.ok(diagnostics.every((d) => d.file === file));
    const missing = loadConfiguredLab("examples/no-such-lab.yaml");
    assert.equal(missing.diagnostics[0]?.file, "examples/no-such-lab.yaml");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
