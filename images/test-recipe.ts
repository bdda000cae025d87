// A recipe for unit tests: the example with a made-up bundle (nothing is read from disk).
import { exampleRecipe } from "./example-recipe.ts";
import { finishRecipe, type ImageRecipe, type RecipeDraft } from "./recipe.ts";
import { sha256Hex } from "./recipe-hash.ts";

export const TEST_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0mQ4yYr5Ll8bFkZp4Tt3d7bxT6eS3Wv0pJ4QyQxRzF test@pibx";

export function testRecipe(change: (d: RecipeDraft) => RecipeDraft = (d) => d): ImageRecipe {
  const base = exampleRecipe({
    bundle: { path: "/nowhere/appliance.mjs", sha256: sha256Hex("bundle"), version: "1.2.3" },
    authorizedKeys: [TEST_KEY],
    pinned: { "base-files": "13.8", nodejs: "20.19.2+dfsg-1+deb13u3" },
  });
  const { hash: _hash, ...draft } = base;
  return finishRecipe(change(draft));
}
