// `npm run image:build -- [options]`: builds the image for a lab (or the example recipe) and prints
// its path and sha256 on stdout; progress goes to stderr.
//   --lab <lab.yaml>      derive the recipe from a lab (default: the example recipe)
//   --bundle <file>       the appliance bundle to bake in (default: dist/appliance.mjs)
//   --version <v>         pibx version of the bundle (default: package.json's)
//   --key <file.pub>      with the example recipe: the admin's SSH public key
//   --no-cache            rebuild even if this recipe's image is cached (the base system is reused)
//   --no-base-cache       rebuild the base system too (downloaded .debs are reused)
//   --no-xz               skip the .img.xz
//   --update-lock         write the installed package set to images/packages/<suite>-<arch>.json
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { requireLab } from "../../schemas/index.ts";
import { ImageError } from "../errors.ts";
import { exampleRecipe } from "../example-recipe.ts";
import { type ApplianceBundleRef, imageRecipe } from "../recipe.ts";
import { buildImage } from "./build-image.ts";

const repo = fileURLToPath(new URL("../..", import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lab: { type: "string" },
      bundle: { type: "string", default: `${repo}dist/appliance.mjs` },
      version: { type: "string" },
      key: { type: "string" },
      "no-cache": { type: "boolean", default: false },
      "no-base-cache": { type: "boolean", default: false },
      "no-xz": { type: "boolean", default: false },
      "update-lock": { type: "boolean", default: false },
    },
  });
  const pkg = JSON.parse(readFileSync(`${repo}package.json`, "utf8")) as { version: string };
  if (!existsSync(values.bundle)) {
    throw new ImageError(`no appliance bundle at ${values.bundle}: build it first or pass --bundle <file>`);
  }
  const bundle: ApplianceBundleRef = {
    path: values.bundle,
    sha256: createHash("sha256").update(readFileSync(values.bundle)).digest("hex"),
    version: values.version ?? pkg.version,
  };
  const updateLock = values["update-lock"];
  const pinned = updateLock ? {} : undefined;
  const recipe = values.lab
    ? imageRecipe(requireLab(values.lab), bundle)
    : exampleRecipe({
        bundle,
        authorizedKeys: [
          values.key
            ? readFileSync(values.key, "utf8").trim()
            : "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyReplaceMe pibx@example",
        ],
        pinned,
      });
  const started = Date.now();
  const result = await buildImage(recipe, {
    noImageCache: values["no-cache"] || updateLock,
    noBaseCache: values["no-base-cache"],
    compress: !values["no-xz"],
  });
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  if (updateLock) {
    const file = `${repo}images/packages/${recipe.distribution.suite}-${recipe.distribution.arch}.json`;
    const lock = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, `${JSON.stringify({ ...lock, packages: result.manifest.packages }, null, 2)}\n`);
    process.stderr.write(`wrote ${Object.keys(result.manifest.packages).length} pins to ${file}\n`);
  }
  process.stderr.write(
    `${result.cached ? "cached" : `built in ${secs} s`}: ${JSON.stringify(result.timings)}\n`,
  );
  process.stdout.write(`${result.image}\n${result.manifest.image.sha256}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
