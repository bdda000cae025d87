// The manifest written beside every image: the recipe, every package version, the partition
// layout and ids, the tools that wrote the bytes, and the sha256 of the outputs. It holds nothing
// about the build machine or the build time, so two builds of one recipe write the same manifest.
import type { DiskLayout } from "./disk-layout.ts";
import type { ImageRecipe } from "./recipe.ts";
import type { DerivedIds } from "./recipe-hash.ts";

export interface ImageManifest {
  readonly format: 1;
  readonly name: string;
  readonly recipe: Omit<ImageRecipe, "appliance"> & {
    readonly appliance: Omit<ImageRecipe["appliance"], "path">;
  };
  readonly baseKey: string;
  readonly layout: DiskLayout;
  readonly ids: DerivedIds;
  readonly kernelCommandLine: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly tools: Readonly<Record<string, string>>;
  readonly image: { readonly file: string; readonly bytes: number; readonly sha256: string };
  readonly compressed?: {
    readonly file: string;
    readonly bytes: number;
    readonly sha256: string;
    readonly xz: readonly string[];
  };
}

/** `pibx-<board>-<first 12 hex of the recipe hash>`, the stem of every output file. */
export function imageName(r: ImageRecipe): string {
  return `pibx-${r.board}-${r.hash.slice(0, 12)}`;
}

export function manifestRecipe(r: ImageRecipe): ImageManifest["recipe"] {
  const { path: _path, ...appliance } = r.appliance;
  return { ...r, appliance };
}

export function renderManifest(m: ImageManifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

/** `sha256sum -c` format. */
export function renderSha256(m: ImageManifest): string {
  const lines = [`${m.image.sha256}  ${m.image.file}`];
  if (m.compressed) lines.push(`${m.compressed.sha256}  ${m.compressed.file}`);
  return `${lines.join("\n")}\n`;
}
