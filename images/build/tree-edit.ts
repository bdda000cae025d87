// A layer describes its changes to the root tree as data (TreeEdit[]), so what each layer does can be
// read and unit-tested without a tree; applyEdits is the only code that writes into the tree.
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { ImageBuildError } from "../errors.ts";

export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

export type TreeEdit =
  | {
      readonly kind: "file";
      readonly path: string;
      readonly content: string | Uint8Array;
      readonly mode: number;
      readonly owner?: Owner;
    }
  | { readonly kind: "dir"; readonly path: string; readonly mode: number; readonly owner?: Owner }
  | { readonly kind: "symlink"; readonly path: string; readonly target: string }
  | { readonly kind: "remove"; readonly path: string };

export const file = (path: string, content: string | Uint8Array, mode = 0o644, owner?: Owner): TreeEdit => ({
  kind: "file",
  path,
  content,
  mode,
  owner,
});
export const dir = (path: string, mode = 0o755, owner?: Owner): TreeEdit => ({
  kind: "dir",
  path,
  mode,
  owner,
});
export const symlink = (path: string, target: string): TreeEdit => ({ kind: "symlink", path, target });
export const remove = (path: string): TreeEdit => ({ kind: "remove", path });

/** Read access to the tree a layer builds on (the base system), for edits that depend on it. */
export interface TreeView {
  readText(path: string): string | undefined;
  list(path: string): string[];
}

export function treeView(root: string): TreeView {
  return {
    readText(path) {
      try {
        return readFileSync(inside(root, path), "utf8");
      } catch {
        return undefined;
      }
    },
    list(path) {
      try {
        return readdirSync(inside(root, path)).sort();
      } catch {
        return [];
      }
    },
  };
}

/** The host path of an absolute in-tree path, refusing anything that would leave the tree. */
export function inside(root: string, path: string): string {
  if (!path.startsWith("/")) throw new ImageBuildError("tree", "in-tree paths must be absolute", path);
  const host = normalize(join(root, path));
  if (relative(root, host).startsWith("..")) throw new ImageBuildError("tree", "path leaves the tree", path);
  return host;
}

/** Fails if a parent directory resolves outside the tree (an absolute symlink would write on the host). */
function checkParent(root: string, host: string, path: string): void {
  const parent = realpathSync(dirname(host));
  const rootReal = realpathSync(root);
  if (parent !== rootReal && !parent.startsWith(`${rootReal}/`)) {
    throw new ImageBuildError("tree", `parent directory resolves outside the tree (${parent})`, path);
  }
}

function exists(host: string): boolean {
  try {
    lstatSync(host);
    return true;
  } catch {
    return false;
  }
}

export function applyEdits(root: string, edits: readonly TreeEdit[], step: string): void {
  for (const e of edits) {
    const host = inside(root, e.path);
    try {
      if (e.kind === "remove") {
        rmSync(host, { recursive: true, force: true });
        continue;
      }
      mkdirSync(dirname(host), { recursive: true, mode: 0o755 });
      checkParent(root, host, e.path);
      if (e.kind === "dir") {
        if (!exists(host) || !lstatSync(host).isDirectory()) {
          rmSync(host, { force: true });
          mkdirSync(host);
        }
        chmodSync(host, e.mode);
        if (e.owner) chownSync(host, e.owner.uid, e.owner.gid);
      } else {
        // Replace, never write through: the existing entry may be a symlink pointing anywhere.
        if (exists(host)) rmSync(host, { recursive: true, force: true });
        if (e.kind === "symlink") symlinkSync(e.target, host);
        else {
          writeFileSync(host, e.content, { mode: e.mode });
          chmodSync(host, e.mode); // writeFileSync's mode is filtered by the umask
          chownSync(host, e.owner?.uid ?? 0, e.owner?.gid ?? 0);
        }
      }
    } catch (err) {
      if (err instanceof ImageBuildError) throw err;
      throw new ImageBuildError(step, (err as Error).message, e.path);
    }
  }
}
