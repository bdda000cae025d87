// Layer 1, the base system: Debian (trixie, arm64) from mmdebstrap, its package scripts run under
// qemu-user. This is the slow part (minutes: the initramfs is generated under emulation), so the tree
// is cached by its package set and reused by every recipe that asks for the same packages.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";
import { aptPins, lockDrift, parseDpkgList } from "../../base-packages.ts";
import { ImageBuildError } from "../../errors.ts";
import type { ImageRecipe } from "../../recipe.ts";
import { canonicalJson, sha256Hex } from "../../recipe-hash.ts";
import type { Progress } from "../progress.ts";
import { removeTree } from "../remove-tree.ts";
import { runCommand } from "../run-command.ts";

/** Bump when the mmdebstrap options or hooks below change what the tree holds. */
const BASE_LAYER_VERSION = 1;

export interface BaseSpec {
  readonly suite: string;
  readonly arch: string;
  readonly mirror: string;
  readonly components: readonly string[];
  readonly include: readonly string[];
  readonly pinned: Readonly<Record<string, string>>;
  readonly sourceDateEpoch: number;
}

export interface BaseSystem {
  readonly tree: string;
  readonly key: string;
  /** Every installed package, name → version. */
  readonly packages: Readonly<Record<string, string>>;
}

export function baseSpec(r: ImageRecipe): BaseSpec {
  const d = r.distribution;
  return {
    suite: d.suite,
    arch: d.arch,
    mirror: d.mirror,
    components: d.components,
    include: [...r.packages.include].sort(),
    pinned: r.packages.pinned,
    sourceDateEpoch: r.sourceDateEpoch,
  };
}

export function baseKey(spec: BaseSpec): string {
  return sha256Hex(canonicalJson({ v: BASE_LAYER_VERSION, spec })).slice(0, 16);
}

/** Docs, man pages and translations stay out: smaller image, and no man-db index to rebuild. */
const DPKG_EXCLUDES = [
  "path-exclude=/usr/share/doc/*",
  "path-include=/usr/share/doc/*/copyright",
  "path-exclude=/usr/share/man/*",
  "path-exclude=/usr/share/info/*",
  "path-exclude=/usr/share/locale/*",
  "path-include=/usr/share/locale/locale.alias",
  "path-exclude=/usr/share/lintian/*",
];

export function mmdebstrapArgs(
  spec: BaseSpec,
  p: { tree: string; debs: string; pins: string; listing: string },
): string[] {
  return [
    "--mode=root",
    "--variant=apt",
    `--arch=${spec.arch}`,
    `--components=${spec.components.join(",")}`,
    `--include=${spec.include.join(",")}`,
    '--aptopt=Acquire::Languages "none"',
    '--aptopt=APT::Install-Recommends "false"',
    ...DPKG_EXCLUDES.map((o) => `--dpkgopt=${o}`),
    // Keep the essential .debs around so the customize hook can save them to the shared cache.
    "--skip=essential/unlink",
    `--setup-hook=mkdir -p "$1"/var/cache/apt/archives/ "$1"/etc/apt/preferences.d/`,
    `--setup-hook=sync-in ${p.debs} /var/cache/apt/archives/`,
    `--setup-hook=copy-in ${p.pins} /etc/apt/preferences.d/`,
    `--customize-hook=sync-out /var/cache/apt/archives ${p.debs}`,
    // Services every pibx image runs; the recipe's own units are enabled by later layers.
    `--customize-hook=chroot "$1" systemctl enable systemd-networkd.service nftables.service`,
    `--customize-hook=chroot "$1" dpkg-query -W -f '\${Package}\\t\${Version}\\n' > ${p.listing}`,
    `--customize-hook=rm -f "$1"/etc/apt/preferences.d/pibx-pins`,
    spec.suite,
    p.tree,
    spec.mirror,
  ];
}

export async function ensureBase(
  spec: BaseSpec,
  dirs: { base: string; debs: string },
  progress: Progress,
): Promise<BaseSystem> {
  const key = baseKey(spec);
  const dir = join(dirs.base, key);
  const listFile = join(dir, "packages.json");
  if (existsSync(listFile)) {
    progress.note(`cached base system ${key}`);
    const real = realpathSync(dir);
    return {
      tree: join(real, "tree"),
      key: basename(real),
      packages: JSON.parse(readFileSync(listFile, "utf8")) as Record<string, string>,
    };
  }
  const partial = `${dir}.partial`;
  removeTree(partial, "base system");
  mkdirSync(partial, { recursive: true });
  mkdirSync(dirs.debs, { recursive: true });
  const pins = join(partial, "pibx-pins");
  writeFileSync(pins, aptPins(spec.pinned));
  const listing = join(partial, "dpkg.tsv");
  const tree = join(partial, "tree");
  progress.note(
    `mmdebstrap ${spec.suite}/${spec.arch}, ${spec.include.length} packages asked, ${Object.keys(spec.pinned).length} pinned`,
  );
  await runCommand(
    "base system",
    "mmdebstrap",
    mmdebstrapArgs(spec, { tree, debs: dirs.debs, pins, listing }),
    {
      env: { SOURCE_DATE_EPOCH: String(spec.sourceDateEpoch) },
      onLine: (l) => {
        if (/^(I: (running|installing|downloading|extracting)|E:|W:)/.test(l)) progress.note(l);
      },
    },
  );
  const packages = parseDpkgList(readFileSync(listing, "utf8"));
  if (Object.keys(spec.pinned).length > 0) {
    const drift = lockDrift(spec.pinned, packages);
    const first = drift.changed[0];
    if (first) {
      throw new ImageBuildError(
        "base system",
        `installed ${first.installed} but the lock pins ${first.locked} (the archive no longer has it?)`,
        first.name,
      );
    }
    // Packages outside the lock (a lab's extra packages and their dependencies) are recorded in the
    // manifest, unpinned: warn, since only the locked set is guaranteed to resolve the same later.
    if (drift.added.length > 0) progress.note(`not in the lock (unpinned): ${drift.added.join(", ")}`);
  }
  writeFileSync(join(partial, "packages.json"), `${JSON.stringify(packages, null, 2)}\n`);
  // An unpinned build that resolved to set S is the build a lock of S asks for: file it under that
  // key too, so recording the lock does not cost a second emulated build.
  const lockedKey = Object.keys(spec.pinned).length === 0 ? baseKey({ ...spec, pinned: packages }) : key;
  const finalDir = join(dirs.base, lockedKey);
  rmSync(finalDir, { recursive: true, force: true });
  renameSync(partial, finalDir);
  if (lockedKey !== key) {
    rmSync(dir, { recursive: true, force: true });
    symlinkSync(lockedKey, dir);
  }
  return { tree: join(finalDir, "tree"), key: lockedKey, packages };
}
