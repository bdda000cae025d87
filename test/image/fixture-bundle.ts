// Bundles fixture-appliance.ts with esbuild the way the real appliance is bundled (one ESM file for
// Node 20), into the cache, and returns it as the recipe's appliance bundle.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { cacheDirs } from "../../images/build/cache-dirs.ts";
import type { ApplianceBundleRef } from "../../images/recipe.ts";

export function fixtureBundle(): ApplianceBundleRef {
  const dir = join(cacheDirs().root, "fixture");
  mkdirSync(dir, { recursive: true });
  const out = join(dir, "appliance.mjs");
  buildSync({
    // Source-path comments are relative to this, so the bundle's bytes do not depend on the cwd.
    absWorkingDir: fileURLToPath(new URL("../..", import.meta.url)),
    entryPoints: [fileURLToPath(new URL("./fixture-appliance.ts", import.meta.url))],
    outfile: out,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    legalComments: "none",
    logLevel: "error",
  });
  const sha256 = createHash("sha256").update(readFileSync(out)).digest("hex");
  return { path: out, sha256, version: "0.0.0-image-fixture" };
}
