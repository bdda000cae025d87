// Where the build keeps what it can reuse, outside the repository:
//   ${PIBX_CACHE:-~/.cache/pibx}/images/{debs,tools,base,out,work}
import { homedir } from "node:os";
import { join } from "node:path";

export interface CacheDirs {
  readonly root: string;
  /** Downloaded .deb files, shared by every build (the slowest thing to fetch again). */
  readonly debs: string;
  /** The pinned host-side file-system tools, keyed by their package set. */
  readonly tools: string;
  /** Base systems from mmdebstrap (the slow emulated part), keyed by package set. */
  readonly base: string;
  /** Finished images, keyed by recipe hash. */
  readonly out: string;
  /** Scratch space for one build. */
  readonly work: string;
}

export function cacheDirs(root = process.env.PIBX_CACHE ?? join(homedir(), ".cache", "pibx")): CacheDirs {
  const images = join(root, "images");
  return {
    root: images,
    debs: join(images, "debs"),
    tools: join(images, "tools"),
    base: join(images, "base"),
    out: join(images, "out"),
    work: join(images, "work"),
  };
}
