// Removes a half-built tree safely. A killed mmdebstrap leaves /proc, /sys and /dev/pts mounted
// inside its target: unmount whatever is mounted below the path first (deepest first), and never
// let rm cross into another file system.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ImageBuildError } from "../errors.ts";

/** Mount points at or below `path`, deepest first (from a /proc/mounts text). */
export function mountsBelow(path: string, procMounts: string): string[] {
  const root = resolve(path);
  return procMounts
    .split("\n")
    .map((l) => l.split(" ")[1]?.replace(/\\040/g, " "))
    .filter((m): m is string => m !== undefined && (m === root || m.startsWith(`${root}/`)))
    .sort((a, b) => b.length - a.length);
}

export function removeTree(path: string, step: string): void {
  if (!existsSync(path)) return;
  try {
    for (const m of mountsBelow(path, readFileSync("/proc/mounts", "utf8")))
      execFileSync("umount", ["-l", m]);
    execFileSync("rm", ["-rf", "--one-file-system", path]);
  } catch (err) {
    throw new ImageBuildError(step, `cannot remove a stale tree: ${(err as Error).message}`, path);
  }
}
