// The real appliance, bundled by `npm run build:appliance` (dist/appliance.mjs), as the recipe's
// appliance bundle: what `npm run image:build -- --bundle dist/appliance.mjs` puts in the image.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ApplianceBundleRef } from "../../images/recipe.ts";

export function applianceBundle(): ApplianceBundleRef {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  execFileSync("npm", ["run", "--silent", "build:appliance"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const path = fileURLToPath(new URL("../../dist/appliance.mjs", import.meta.url));
  const sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
  const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return { path, sha256, version };
}
