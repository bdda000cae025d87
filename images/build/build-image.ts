// The image build, step by step: pinned tools → base system (cached) → a copy of it → board,
// network, appliance and hardening layers → normalize → boot and root file systems → disk image →
// sha256, xz, manifest. A finished image is cached by recipe hash; an unchanged recipe is not rebuilt.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { kernelCommandLine } from "../boot-config.ts";
import { diskLayout, partitionBytes } from "../disk-layout.ts";
import { ImageBuildError } from "../errors.ts";
import { type ImageManifest, imageName, manifestRecipe, renderManifest, renderSha256 } from "../manifest.ts";
import type { ImageRecipe } from "../recipe.ts";
import { derivedIds, sha256Hex } from "../recipe-hash.ts";
import { ensureBinfmt } from "./binfmt.ts";
import { builderFingerprint } from "./builder-fingerprint.ts";
import { type CacheDirs, cacheDirs } from "./cache-dirs.ts";
import { compressXz, sha256File, XZ_SETTINGS } from "./compress.ts";
import { assembleImage } from "./disk-image.ts";
import { makeBootFs, makeRootFs } from "./filesystems.ts";
import { applianceLayer } from "./layers/appliance.ts";
import { baseKey, baseSpec, ensureBase } from "./layers/base-system.ts";
import { boardLayer } from "./layers/board.ts";
import { hardeningLayer } from "./layers/hardening.ts";
import type { Layer } from "./layers/layer.ts";
import { networkLayer } from "./layers/network.ts";
import { clampTimes, removeNondeterministic, treeListing } from "./normalize.ts";
import { consoleProgress, type Progress } from "./progress.ts";
import { ensureTools } from "./tools.ts";
import { applyEdits, dir, symlink, treeView } from "./tree-edit.ts";

export interface BuildOptions {
  readonly cache?: CacheDirs;
  /** Ignore a finished image in the cache (still reuses downloaded .debs and, unless `noBaseCache`, the base system). */
  readonly noImageCache?: boolean;
  /** Rebuild the base system too (the .deb cache is still used). */
  readonly noBaseCache?: boolean;
  /** Also write the .img.xz (slow: single-threaded xz). Default true. */
  readonly compress?: boolean;
  readonly progress?: Progress;
}

export interface BuildResult {
  readonly dir: string;
  readonly image: string;
  readonly compressed?: string;
  readonly manifestFile: string;
  readonly manifest: ImageManifest;
  readonly cached: boolean;
  /** Seconds per step, for the figures in the README. */
  readonly timings: Readonly<Record<string, number>>;
}

export const LAYERS: readonly Layer[] = [boardLayer, networkLayer, applianceLayer, hardeningLayer];
const STEPS = 10 + LAYERS.length;

export async function buildImage(recipe: ImageRecipe, o: BuildOptions = {}): Promise<BuildResult> {
  const dirs = o.cache ?? cacheDirs();
  const progress = o.progress ?? consoleProgress(STEPS);
  const compress = o.compress ?? true;
  const name = imageName(recipe);
  const outDir = join(dirs.out, `${recipe.hash}-${builderFingerprint()}`);
  const manifestFile = join(outDir, `${name}.manifest.json`);
  const timings: Record<string, number> = {};
  let t = Date.now();
  const lap = (step: string) => {
    timings[step] = (Date.now() - t) / 1000;
    t = Date.now();
  };

  if (!o.noImageCache && existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as ImageManifest;
    const image = join(outDir, manifest.image.file);
    if (
      existsSync(image) &&
      statSync(image).size === manifest.image.bytes &&
      (!compress || manifest.compressed)
    ) {
      progress.note(`recipe ${recipe.hash.slice(0, 12)} already built: ${image}`);
      return {
        dir: outDir,
        image,
        compressed: manifest.compressed ? join(outDir, manifest.compressed.file) : undefined,
        manifestFile,
        manifest,
        cached: true,
        timings,
      };
    }
  }

  // The bundle is checked before anything slow runs.
  const bundle = readBundle(recipe);
  const ids = derivedIds(recipe.hash);
  const layout = diskLayout(recipe.disk.sizeMiB, recipe.disk.bootMiB, ids.diskId);

  progress.step("tools", "pinned mke2fs, mkfs.fat, mtools, sfdisk, xz");
  const tools = await ensureTools(dirs.tools, dirs.debs, recipe.distribution, progress);
  lap("tools");

  progress.step(
    "base system",
    `Debian ${recipe.distribution.suite} ${recipe.distribution.arch} (mmdebstrap under qemu-user)`,
  );
  ensureBinfmt();
  const spec = baseSpec(recipe);
  if (o.noBaseCache) rmSync(join(dirs.base, baseKey(spec)), { recursive: true, force: true });
  const base = await ensureBase(spec, dirs, progress);
  lap("base system");

  const work = join(dirs.work, recipe.hash);
  const tree = join(work, "tree");
  progress.step("copy base", `${base.key} → ${tree}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    // cp keeps owners, modes, hard links and extended attributes (file capabilities) as they are.
    execFileSync("cp", ["-a", "--reflink=auto", base.tree, tree]);
  } catch (err) {
    throw new ImageBuildError("copy base", (err as Error).message, base.tree);
  }
  lap("copy base");

  for (const layer of LAYERS) {
    progress.step(`${layer.name} layer`);
    const edits = layer.edits({ recipe, ids, layout, tree: treeView(tree), bundle });
    applyEdits(tree, edits, `${layer.name} layer`);
    progress.done(`${edits.length} changes`);
    lap(`${layer.name} layer`);
  }

  progress.step("normalize", "remove build-time files, clamp times to SOURCE_DATE_EPOCH");
  // resolv.conf points at systemd-resolved's stub whatever mmdebstrap left behind.
  applyEdits(tree, [symlink("/etc/resolv.conf", "../run/systemd/resolve/stub-resolv.conf")], "normalize");
  const removed = removeNondeterministic(tree);
  progress.note(`removed ${removed.length} build-time files`);
  const bootSrc = join(work, "boot-firmware");
  renameSync(join(tree, "boot/firmware"), bootSrc);
  applyEdits(tree, [dir("/boot/firmware", 0o755)], "normalize"); // the mount point stays, empty
  clampTimes(tree, recipe.sourceDateEpoch);
  clampTimes(bootSrc, recipe.sourceDateEpoch);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.files.txt`), treeListing(tree));
  lap("normalize");

  progress.step("boot partition", `FAT32, volume id ${ids.bootVolumeId}`);
  const bootFile = join(work, "boot.vfat");
  const n = await makeBootFs(
    tools,
    bootSrc,
    bootFile,
    partitionBytes(layout.boot),
    ids,
    recipe.sourceDateEpoch,
  );
  progress.done(`${n} files`);
  lap("boot partition");

  progress.step("root partition", `ext4, UUID ${ids.rootUuid}`);
  const rootFile = join(work, "root.ext4");
  await makeRootFs(tools, tree, rootFile, partitionBytes(layout.root), ids, recipe.sourceDateEpoch);
  lap("root partition");

  progress.step("disk image", `MBR ${layout.diskId}, ${recipe.disk.sizeMiB} MiB`);
  const partial = join(outDir, `${name}.img.partial`);
  await assembleImage(tools, layout, { boot: bootFile, root: rootFile }, partial, progress);
  lap("disk image");

  progress.step("sha256");
  const sha256 = await sha256File(partial, (b) => progress.bytes(b, layout.totalBytes));
  const image = join(outDir, `${name}.img`);
  renameSync(partial, image);
  progress.done(sha256);
  lap("sha256");

  progress.step("compress", compress ? `xz ${XZ_SETTINGS.join(" ")}` : "skipped");
  let compressed: ImageManifest["compressed"];
  if (compress) {
    const xzFile = join(outDir, `${name}.img.xz`);
    await compressXz(tools, image, `${xzFile}.partial`, (b, total) => progress.bytes(b, total));
    renameSync(`${xzFile}.partial`, xzFile);
    compressed = {
      file: `${name}.img.xz`,
      bytes: statSync(xzFile).size,
      sha256: await sha256File(xzFile),
      xz: XZ_SETTINGS,
    };
    progress.done(`${(compressed.bytes / 1048576).toFixed(0)} MiB`);
  }
  lap("compress");

  progress.step("manifest");
  const manifest: ImageManifest = {
    format: 1,
    name,
    recipe: manifestRecipe(recipe),
    baseKey: base.key,
    layout,
    ids,
    kernelCommandLine: kernelCommandLine(recipe.board, layout.root.partuuid),
    packages: base.packages,
    tools: tools.versions,
    image: { file: `${name}.img`, bytes: layout.totalBytes, sha256 },
    compressed,
  };
  writeFileSync(manifestFile, renderManifest(manifest));
  writeFileSync(join(outDir, `${name}.sha256`), renderSha256(manifest));
  rmSync(work, { recursive: true, force: true });
  lap("manifest");
  progress.done(`${image}\nsha256 ${sha256}`);
  return {
    dir: outDir,
    image,
    compressed: compressed && join(outDir, compressed.file),
    manifestFile,
    manifest,
    cached: false,
    timings,
  };
}

function readBundle(r: ImageRecipe): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(r.appliance.path);
  } catch (err) {
    throw new ImageBuildError("appliance bundle", (err as Error).message, r.appliance.path);
  }
  const actual = sha256Hex(bytes);
  if (actual !== r.appliance.sha256) {
    throw new ImageBuildError(
      "appliance bundle",
      `sha256 is ${actual}, the recipe says ${r.appliance.sha256}`,
      r.appliance.path,
    );
  }
  return bytes;
}
