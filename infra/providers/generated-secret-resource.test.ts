// The provider shell must survive Pulumi's function serialization and run where the engine runs it:
// a plain node process without tsx (pulumi-resource-pulumi-nodejs), evaluating the serialized text.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { generatedSecretProvider } from "./generated-secret-resource.ts";

test("the serialized provider runs in plain node and generates a secret", async () => {
  const serialized = await pulumi.runtime.serializeFunction(() => generatedSecretProvider, {
    allowSecrets: true,
  });
  const dir = mkdtempSync(join(tmpdir(), "pibx-provider-"));
  try {
    const file = join(dir, "provider.cjs");
    writeFileSync(file, serialized.text);
    // What cmd/dynamic-provider does: load the text as CommonJS and call its handler.
    const script = `
      const provider = require(${JSON.stringify(file)}).${serialized.exportName}();
      (async () => {
        const checked = await provider.check({}, { kind: "pin", length: 6 });
        const created = await provider.create(checked.inputs);
        const same = await provider.diff(created.id, created.outs, checked.inputs);
        console.log(JSON.stringify({ created, same }));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const out = execFileSync(process.execPath, ["-e", script], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: "" },
    });
    const { created, same } = JSON.parse(out) as {
      created: { id: string; outs: { kind: string; length: number; value: string } };
      same: { changes: boolean };
    };
    assert.equal(created.outs.kind, "pin");
    assert.match(created.outs.value, /^[0-9]{6}$/);
    assert.equal(same.changes, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
