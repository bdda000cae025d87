// Reproducible reflashing: two clean builds of the example recipe give the same image, byte for byte.
// The second build bypasses every built artifact (base system, image) and shares only the
// downloaded .debs and the pinned tools. Then the image is scanned for the lab's secrets: the seed
// carries them, so none may be in the image.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { buildImage } from "../../images/build/build-image.ts";
import { cacheDirs } from "../../images/build/cache-dirs.ts";
import { removeTree } from "../../images/build/remove-tree.ts";
import { exampleRecipe } from "../../images/example-recipe.ts";
import type { ImageRecipe } from "../../images/recipe.ts";
import { fixtureBundle } from "./fixture-bundle.ts";
import { imageTestsSkip } from "./gate.ts";
import { findInFile } from "./scan.ts";
import { type KeyPair, testKeyPair } from "./test-key.ts";

/** What a lab's seed holds (trunk and extension passwords, voicemail PINs, a TLS key): never in the image. */
const SEED_SECRETS = ["trunk-password-9f8e7d6c5b4a", "ext-100-sip-secret-1a2b3c4d", "voicemail-pin-424242"];

function listingDiff(a: string, b: string): string[] {
  const sa = new Set(readFileSync(a, "utf8").split("\n"));
  const sb = new Set(readFileSync(b, "utf8").split("\n"));
  return [
    ...[...sa].filter((l) => !sb.has(l)).map((l) => `- ${l}`),
    ...[...sb].filter((l) => !sa.has(l)).map((l) => `+ ${l}`),
  ].slice(0, 40);
}

describe("reproducible image", { skip: imageTestsSkip }, () => {
  // The boot test's key: the same recipe, so one cached image serves both tests. Made on first
  // use, so a skipped suite leaves nothing behind.
  let made: { key: KeyPair; recipe: ImageRecipe } | undefined;
  const setup = () => {
    if (!made) {
      const key = testKeyPair();
      made = { key, recipe: exampleRecipe({ bundle: fixtureBundle(), authorizedKeys: [key.publicKey] }) };
    }
    return made;
  };
  const shared = cacheDirs();

  it("builds the same bytes twice, the second time from the .debs up", {
    timeout: 120 * 60_000,
  }, async (t) => {
    // xz (-T1, fixed settings) is a pure function of the image's bytes but takes ~12 minutes on a
    // busy 2-core machine: the .xz is compared only with PIBX_REPRO_XZ=1.
    const compress = process.env.PIBX_REPRO_XZ === "1";
    const { recipe } = setup();
    const first = await buildImage(recipe, { cache: shared, compress });
    // A second cache that shares only the downloads and the tools: nothing built is reused.
    const scratch = join(shared.root, "repro-second");
    // PIBX_REPRO_REUSE=1 keeps the second base system of a previous failed run, to iterate on a
    // normalization fix without another quarter of an hour of emulation.
    if (process.env.PIBX_REPRO_REUSE !== "1") removeTree(scratch, "repro test");
    const second = await buildImage(recipe, {
      cache: {
        ...shared,
        base: join(scratch, "base"),
        out: join(scratch, "out"),
        work: join(scratch, "work"),
      },
      compress,
      noImageCache: true,
    });
    assert.equal(second.cached, false);
    t.diagnostic(`image sha256 ${first.manifest.image.sha256} / ${second.manifest.image.sha256}`);
    const listing = (r: typeof first) => join(r.dir, `${r.manifest.name}.files.txt`);
    assert.deepEqual(listingDiff(listing(first), listing(second)), [], "root trees differ");
    assert.equal(second.manifest.image.sha256, first.manifest.image.sha256);
    if (compress) assert.equal(second.manifest.compressed?.sha256, first.manifest.compressed?.sha256);
    assert.equal(readFileSync(second.manifestFile, "utf8"), readFileSync(first.manifestFile, "utf8"));
    removeTree(scratch, "repro test");
  });

  it("holds none of the lab's secrets", { timeout: 60 * 60_000 }, async () => {
    const { key, recipe } = setup();
    const built = await buildImage(recipe, { compress: false });
    // The control: strings that are in the image are found, so "not found" means something.
    const present = ["pibx-image-fixture", key.publicKey];
    assert.deepEqual(findInFile(built.image, present).sort(), present.sort());
    // The admin's private key never goes near the image, only its public half.
    const privateBody = readFileSync(key.privateKey, "utf8").split("\n")[2]!;
    assert.deepEqual(findInFile(built.image, [...SEED_SECRETS, privateBody]), []);
    // No host key files (a generic "BEGIN … PRIVATE KEY" marker is no test: OpenSSH's own
    // binaries carry it as a constant). The listing is of the root tree that went into the image.
    const listing = readFileSync(join(built.dir, `${built.manifest.name}.files.txt`), "utf8");
    assert.doesNotMatch(listing, /\/etc\/ssh\/ssh_host_/);
    assert.match(listing, / \/etc\/machine-id$/m);
    assert.match(listing, /^f 0444 0:0 0 [0-9a-f]{64} \/etc\/machine-id$/m, "machine-id is empty");
  });
});
