import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diskLayout } from "./disk-layout.ts";
import { type ImageManifest, imageName, manifestRecipe, renderManifest, renderSha256 } from "./manifest.ts";
import { derivedIds } from "./recipe-hash.ts";
import { testRecipe } from "./test-recipe.ts";

describe("manifest", () => {
  const r = testRecipe();
  const ids = derivedIds(r.hash);
  const m: ImageManifest = {
    format: 1,
    name: imageName(r),
    recipe: manifestRecipe(r),
    baseKey: "0123456789abcdef",
    layout: diskLayout(r.disk.sizeMiB, r.disk.bootMiB, ids.diskId),
    ids,
    kernelCommandLine: "root=PARTUUID=x",
    packages: { nodejs: "20.19.2+dfsg-1+deb13u3" },
    tools: { e2fsprogs: "1.47.2-3+b12" },
    image: { file: `${imageName(r)}.img`, bytes: 2 ** 31, sha256: "a".repeat(64) },
    compressed: { file: `${imageName(r)}.img.xz`, bytes: 1000, sha256: "b".repeat(64), xz: ["-T1"] },
  };

  it("names the image by board and recipe hash", () => {
    assert.equal(m.name, `pibx-pi4-${r.hash.slice(0, 12)}`);
  });

  it("records the recipe without the build host's bundle path", () => {
    const text = renderManifest(m);
    assert.doesNotMatch(text, /nowhere/);
    assert.equal(JSON.parse(text).recipe.appliance.sha256, r.appliance.sha256);
    assert.equal(JSON.parse(text).recipe.hash, r.hash);
  });

  it("holds nothing that changes between two builds of one recipe", () => {
    assert.equal(renderManifest(m), renderManifest(JSON.parse(renderManifest(m)) as ImageManifest));
    assert.doesNotMatch(renderManifest(m), /"(date|builtAt|buildHost|duration|seconds)"/i);
  });

  it("writes sha256sum's check format", () => {
    assert.equal(renderSha256(m), `${"a".repeat(64)}  ${m.name}.img\n${"b".repeat(64)}  ${m.name}.img.xz\n`);
  });
});
