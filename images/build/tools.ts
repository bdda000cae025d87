// The file-system tools that write the image's bytes (mke2fs, mkfs.fat, mtools, sfdisk, xz) come from
// a small native Debian tree of the image's own suite, not from the build host: the output of a
// mkfs depends on its version, and trixie's e2fsprogs (1.47.2) honours SOURCE_DATE_EPOCH and sorts
// directories, which bookworm's 1.47.0 does not. Run through the tree's own dynamic loader, no chroot.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDpkgList } from "../base-packages.ts";
import { ImageBuildError } from "../errors.ts";
import { canonicalJson, sha256Hex } from "../recipe-hash.ts";
import type { Progress } from "./progress.ts";
import { removeTree } from "./remove-tree.ts";
import { runCommand } from "./run-command.ts";

export const TOOL_PACKAGES = ["e2fsprogs", "dosfstools", "mtools", "fdisk", "xz-utils"] as const;

export interface Tools {
  readonly root: string;
  /** name=version of every package in the tools tree, for the manifest. */
  readonly versions: Readonly<Record<string, string>>;
  /** argv prefix and environment to run one of the tree's programs natively. */
  command(program: "mke2fs" | "mkfs.fat" | "mcopy" | "mmd" | "sfdisk" | "xz"): {
    cmd: string;
    args: string[];
    env: Record<string, string>;
  };
}

const PROGRAMS = {
  mke2fs: "usr/sbin/mke2fs",
  "mkfs.fat": "usr/sbin/mkfs.fat",
  mcopy: "usr/bin/mcopy",
  mmd: "usr/bin/mmd",
  sfdisk: "usr/sbin/sfdisk",
  xz: "usr/bin/xz",
} as const;

function hostArch(): { deb: string; triplet: string; loader: string } {
  if (process.arch === "x64")
    return { deb: "amd64", triplet: "x86_64-linux-gnu", loader: "usr/lib64/ld-linux-x86-64.so.2" };
  if (process.arch === "arm64")
    return { deb: "arm64", triplet: "aarch64-linux-gnu", loader: "usr/lib/ld-linux-aarch64.so.1" };
  throw new ImageBuildError("tools", `unsupported build host architecture ${process.arch}`);
}

function toolsAt(root: string, versions: Record<string, string>): Tools {
  const arch = hostArch();
  return {
    root,
    versions,
    command(program) {
      return {
        cmd: join(root, arch.loader),
        args: ["--library-path", join(root, "usr/lib", arch.triplet), join(root, PROGRAMS[program])],
        env: { MKE2FS_CONFIG: join(root, "etc/mke2fs.conf"), MTOOLS_SKIP_CHECK: "1", MTOOLSRC: "/dev/null" },
      };
    },
  };
}

export async function ensureTools(
  cacheDir: string,
  debs: string,
  dist: { suite: string; mirror: string },
  progress: Progress,
): Promise<Tools> {
  const arch = hostArch();
  const key = sha256Hex(
    canonicalJson({ v: 1, suite: dist.suite, mirror: dist.mirror, arch: arch.deb, TOOL_PACKAGES }),
  ).slice(0, 16);
  const dir = join(cacheDir, key);
  const listFile = join(dir, "packages.json");
  if (existsSync(listFile)) {
    progress.note(`cached (${key})`);
    return toolsAt(join(dir, "tree"), JSON.parse(readFileSync(listFile, "utf8")) as Record<string, string>);
  }
  const partial = `${dir}.partial`;
  removeTree(partial, "tools");
  mkdirSync(partial, { recursive: true });
  mkdirSync(debs, { recursive: true });
  const tree = join(partial, "tree");
  const listing = join(partial, "dpkg.tsv");
  await runCommand(
    "tools",
    "mmdebstrap",
    [
      "--quiet",
      "--mode=root",
      "--variant=essential",
      `--arch=${arch.deb}`,
      `--include=${TOOL_PACKAGES.join(",")}`,
      "--skip=essential/unlink",
      `--setup-hook=mkdir -p "$1"/var/cache/apt/archives/`,
      `--setup-hook=sync-in ${debs} /var/cache/apt/archives/`,
      `--customize-hook=sync-out /var/cache/apt/archives ${debs}`,
      `--customize-hook=chroot "$1" dpkg-query -W -f '\${Package}\\t\${Version}\\n' > ${listing}`,
      dist.suite,
      tree,
      dist.mirror,
    ],
    { onLine: (l) => l.startsWith("E:") && progress.note(l) },
  );
  const versions = parseDpkgList(readFileSync(listing, "utf8"));
  writeFileSync(join(partial, "packages.json"), `${JSON.stringify(versions, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return toolsAt(join(dir, "tree"), versions);
}
