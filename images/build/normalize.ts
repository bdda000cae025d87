// Makes the tree the same on every build: deletes what records the moment or the machine of the
// build (caches, logs, backups with build-day dates, random seeds, host keys), then clamps every
// timestamp to SOURCE_DATE_EPOCH. mke2fs then copies it in sorted order with fixed ids.
import { createHash } from "node:crypto";
import { lstatSync, lutimesSync, readdirSync, readFileSync, readlinkSync, rmSync, type Stats } from "node:fs";
import { join } from "node:path";
import { inside } from "./tree-edit.ts";

/** Paths (and directory contents, with a trailing "/*") that differ between two builds. */
export const NONDETERMINISTIC: readonly string[] = [
  "/var/cache/apt/*",
  "/var/cache/ldconfig/aux-cache",
  "/var/cache/man",
  "/var/cache/fontconfig",
  "/var/cache/debconf/config.dat-old",
  "/var/cache/debconf/templates.dat-old",
  "/var/lib/apt/lists/*",
  "/var/lib/dpkg/status-old",
  "/var/lib/dpkg/diversions-old",
  "/var/lib/dpkg/statoverride-old",
  "/var/lib/dbus/machine-id",
  "/var/lib/systemd/random-seed",
  "/var/lib/systemd/credential.secret",
  "/var/lib/systemd/catalog/database",
  "/etc/passwd-",
  "/etc/group-",
  "/etc/shadow-",
  "/etc/gshadow-",
  "/etc/subuid-",
  "/etc/subgid-",
  "/etc/.pwd.lock",
  "/tmp/*",
  "/var/tmp/*",
  "/run/*",
];

/** Deletes NONDETERMINISTIC, every file under /var/log (keeping the directories) and __pycache__. */
export function removeNondeterministic(root: string): string[] {
  const removed: string[] = [];
  for (const pattern of NONDETERMINISTIC) {
    const contents = pattern.endsWith("/*");
    const path = contents ? pattern.slice(0, -2) : pattern;
    const host = inside(root, path);
    const targets = contents ? safeList(host).map((n) => join(host, n)) : [host];
    for (const t of targets) {
      if (exists(t)) {
        rmSync(t, { recursive: true, force: true });
        removed.push(t.slice(root.length));
      }
    }
  }
  walk(root, "/var/log", (path, st) => {
    if (!st.isDirectory()) {
      rmSync(join(root, path));
      removed.push(path);
    }
    return true;
  });
  walk(root, "/", (path, st) => {
    if (st.isDirectory() && path.endsWith("/__pycache__")) {
      rmSync(join(root, path), { recursive: true, force: true });
      removed.push(path);
      return false;
    }
    return true;
  });
  return removed;
}

/** Sets atime and mtime of every entry (symlinks themselves too) to `epoch`. */
export function clampTimes(root: string, epoch: number): number {
  // List first, then set deepest-first: reading a directory afterwards would move its atime.
  const paths: string[] = [];
  walk(root, "/", (path) => {
    paths.push(path);
    return true;
  });
  for (const p of paths.reverse()) lutimesSync(join(root, p), epoch, epoch);
  lutimesSync(root, epoch, epoch);
  return paths.length;
}

/**
 * One line per entry, sorted: type, mode, owner, size, sha256 or link target, path. Kept beside the
 * manifest: diffing two of these finds what made two builds differ.
 */
export function treeListing(root: string): string {
  const lines: string[] = [];
  walk(root, "/", (path, st) => {
    const mode = (st.mode & 0o7777).toString(8).padStart(4, "0");
    const own = `${st.uid}:${st.gid}`;
    if (st.isSymbolicLink()) lines.push(`l ${mode} ${own} - ${readlinkSync(join(root, path))} ${path}`);
    else if (st.isDirectory()) lines.push(`d ${mode} ${own} - - ${path}`);
    else if (st.isFile()) {
      const sum = createHash("sha256")
        .update(readFileSync(join(root, path)))
        .digest("hex");
      lines.push(`f ${mode} ${own} ${st.size} ${sum} ${path}`);
    } else lines.push(`o ${mode} ${own} ${st.rdev} - ${path}`);
    return true;
  });
  return `${lines.sort((a, b) => (pathOf(a) < pathOf(b) ? -1 : 1)).join("\n")}\n`;
}

const pathOf = (line: string) => line.slice(line.lastIndexOf(" /") + 1);

type Visit = (path: string, st: Stats) => boolean;

/** Depth-first, sorted by name; `visit` returning false skips a directory's contents. */
function walk(root: string, start: string, visit: Visit): void {
  for (const name of safeList(inside(root, start))) {
    const path = start === "/" ? `/${name}` : `${start}/${name}`;
    const st = lstatSync(join(root, path));
    const descend = visit(path, st);
    if (st.isDirectory() && descend !== false && exists(join(root, path))) walk(root, path, visit);
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
