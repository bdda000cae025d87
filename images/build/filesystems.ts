// The two file systems, each made in a regular file with the pinned tools: FAT32 for the boot
// partition (mkfs.fat, then mmd/mcopy in sorted order so the directory entries and cluster
// allocation are the same every time) and ext4 for the root (mke2fs -d from the tree, with the
// recipe's UUID and hash seed and SOURCE_DATE_EPOCH for every time it would otherwise take).
import { lstatSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ImageBuildError } from "../errors.ts";
import type { DerivedIds } from "../recipe-hash.ts";
import { runCommand } from "./run-command.ts";
import type { Tools } from "./tools.ts";

function emptyFile(path: string, bytes: number): void {
  rmSync(path, { force: true });
  writeFileSync(path, "");
  truncateSync(path, bytes);
}

function timeEnv(epoch: number): Record<string, string> {
  return { SOURCE_DATE_EPOCH: String(epoch), E2FSPROGS_FAKE_TIME: String(epoch), TZ: "UTC" };
}

/** Directories and files under `src`, relative, sorted, directories before their contents. */
export function sortedEntries(src: string, rel = ""): { dirs: string[]; files: string[] } {
  const dirs: string[] = [];
  const files: string[] = [];
  for (const name of readdirSync(join(src, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    const st = lstatSync(join(src, path));
    if (st.isDirectory()) {
      dirs.push(path);
      const sub = sortedEntries(src, path);
      dirs.push(...sub.dirs);
      files.push(...sub.files);
    } else if (st.isFile()) files.push(path);
    else throw new ImageBuildError("boot partition", "FAT cannot hold links or devices", join(src, path));
  }
  return { dirs, files };
}

export async function makeBootFs(
  tools: Tools,
  src: string,
  out: string,
  bytes: number,
  ids: DerivedIds,
  epoch: number,
): Promise<number> {
  const step = "boot partition";
  emptyFile(out, bytes);
  const env = timeEnv(epoch);
  const fat = tools.command("mkfs.fat");
  await runCommand(step, fat.cmd, [...fat.args, "-F", "32", "-n", "BOOTFS", "-i", ids.bootVolumeId, out], {
    env: { ...fat.env, ...env },
  });
  const { dirs, files } = sortedEntries(src);
  const mmd = tools.command("mmd");
  for (const d of dirs)
    await runCommand(step, mmd.cmd, [...mmd.args, "-i", out, `::/${d}`], { env: { ...mmd.env, ...env } });
  // One mcopy per directory, files in sorted order; -m keeps the (clamped) modification times.
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const d = f.includes("/") ? f.slice(0, f.lastIndexOf("/")) : "";
    byDir.set(d, [...(byDir.get(d) ?? []), f]);
  }
  const mcopy = tools.command("mcopy");
  for (const [d, list] of byDir) {
    await runCommand(
      step,
      mcopy.cmd,
      [...mcopy.args, "-m", "-o", "-i", out, ...list.map((f) => join(src, f)), `::/${d}${d ? "/" : ""}`],
      {
        env: { ...mcopy.env, ...env },
      },
    );
  }
  return files.length;
}

export async function makeRootFs(
  tools: Tools,
  tree: string,
  out: string,
  bytes: number,
  ids: DerivedIds,
  epoch: number,
): Promise<void> {
  emptyFile(out, bytes);
  const mke2fs = tools.command("mke2fs");
  await runCommand(
    "root partition",
    mke2fs.cmd,
    [
      ...mke2fs.args,
      "-q",
      "-F",
      "-t",
      "ext4",
      "-b",
      "4096",
      "-L",
      "rootfs",
      "-m",
      "1",
      "-U",
      ids.rootUuid,
      "-E",
      `hash_seed=${ids.rootHashSeed},root_owner=0:0`,
      "-d",
      tree,
      out,
    ],
    { env: { ...mke2fs.env, ...timeEnv(epoch) } },
  );
}
