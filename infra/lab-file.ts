// Which lab file the stack uses and loading it: `pibx:lab` (relative to the repository root, or
// absolute), by default the example home lab. Diagnostics name the file as it was configured.
import { isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Diagnostic, type Lab, loadLab } from "../schemas/index.ts";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));
export const defaultLabFile = "examples/home-lab/lab.yaml";

export interface LabLoad {
  lab: Lab | undefined;
  /** Sorted as the loader sorts them; `file` is the configured path. */
  diagnostics: Diagnostic[];
}

export function loadConfiguredLab(configured: string | undefined): LabLoad {
  const shown = configured ?? defaultLabFile;
  const file = isAbsolute(shown) ? shown : resolve(repoRoot, shown);
  const { lab, diagnostics } = loadLab(file);
  return { lab, diagnostics: diagnostics.map((d) => (d.file === file ? { ...d, file: shown } : d)) };
}

/** The file path relative to the repository root when it is inside it (for outputs). */
export function displayPath(file: string): string {
  const rel = relative(repoRoot, resolve(repoRoot, file));
  return rel.startsWith("..") ? file : rel;
}
