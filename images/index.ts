// The image builder's public API: derive a recipe from a lab, build (or reuse) its image, flash it.
export { type BuildOptions, type BuildResult, buildImage } from "./build/build-image.ts";
export { type CacheDirs, cacheDirs } from "./build/cache-dirs.ts";
export { FlashError, ImageBuildError, ImageError, RecipeError } from "./errors.ts";
export { exampleRecipe } from "./example-recipe.ts";
export { checkTarget, type FlashOptions, type FlashResult, flashImage } from "./flash.ts";
export { type ImageManifest, imageName } from "./manifest.ts";
export {
  type ApplianceBundleRef,
  type Board,
  finishRecipe,
  type ImageRecipe,
  imageRecipe,
  type NetworkConfig,
  type RecipeDraft,
  recipeHash,
} from "./recipe.ts";
