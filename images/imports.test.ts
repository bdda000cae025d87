// images/ runs on the build host: it may use schemas/ but never the appliance or the Pulumi program.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = join(here, "..");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

export function forbiddenImports(file: string, text: string): string[] {
  const bad: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.[^"']+)["']/g)) {
    const target = relative(repo, normalize(join(dirname(file), m[1]!)));
    if (/^(appliance|infra)\//.test(target)) bad.push(`${relative(repo, file)} → ${target}`);
  }
  return bad;
}

describe("images/ import rule", () => {
  it("never imports appliance/ or infra/", () => {
    const all = files(here);
    assert.ok(all.length > 10);
    assert.deepEqual(
      all.flatMap((f) => forbiddenImports(f, readFileSync(f, "utf8"))),
      [],
    );
  });

  it("would catch a violation", () => {
    const f = join(here, "build/x.ts");
    assert.equal(forbiddenImports(f, 'import { main } from "../../appliance/main.ts";').length, 1);
    assert.equal(forbiddenImports(f, 'import type { Lab } from "../../schemas/index.ts";').length, 0);
  });
});
