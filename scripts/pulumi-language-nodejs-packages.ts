// What the language host reports about a program's npm dependencies: the Pulumi resource plugins
// they need (GetRequiredPackages) and their installed versions (GetProgramDependencies, About).
// The pure part works on parsed package.json objects; the I/O part only reads files.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The subset of a package.json the language host reads. */
export interface PackageManifest {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  /** Set by provider SDKs, e.g. @pulumi/command: `{ resource: true, name: "command", version: "1.2.1" }`. */
  pulumi?: { resource?: boolean; name?: string; version?: string; server?: string };
}

/** A resource plugin that the engine should have before running the program. */
export interface RequiredPlugin {
  name: string;
  version: string;
  server: string;
}

export interface InstalledDependency {
  name: string;
  version: string;
}

/** The plugin a provider SDK package declares, or undefined for ordinary packages. */
export function requiredPluginOf(manifest: PackageManifest): RequiredPlugin | undefined {
  const info = manifest.pulumi;
  if (!info?.resource) return undefined;
  const name = info.name ?? manifest.name?.replace(/^@pulumi\//, "");
  const version = info.version ?? manifest.version;
  if (!name || !version) return undefined;
  return { name, version, server: info.server ?? "" };
}

export function directDependencyNames(manifest: PackageManifest): string[] {
  const names = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.devDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  return [...names].sort();
}

/** The nearest package.json at or above `dir`, as [path, manifest]. */
export function findProjectManifest(dir: string): [string, PackageManifest] | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, "package.json");
    if (existsSync(candidate)) return [candidate, readManifest(candidate)];
    if (dirname(current) === current) return undefined;
  }
}

function readManifest(path: string): PackageManifest {
  return JSON.parse(readFileSync(path, "utf8")) as PackageManifest;
}

/** Direct dependencies of the project around `programDir`, as installed (missing ones are skipped). */
export function installedDependencies(programDir: string): Array<[InstalledDependency, PackageManifest]> {
  const found = findProjectManifest(programDir);
  if (!found) return [];
  const [manifestPath, manifest] = found;
  const requireFromProject = createRequire(manifestPath);
  const out: Array<[InstalledDependency, PackageManifest]> = [];
  for (const name of directDependencyNames(manifest)) {
    const path = resolveManifest(requireFromProject, name);
    if (!path) continue;
    const dep = readManifest(path);
    out.push([{ name, version: dep.version ?? "" }, dep]);
  }
  return out;
}

// Packages with an "exports" map may not export ./package.json: walk node_modules instead.
function resolveManifest(requireFromProject: NodeJS.Require, name: string): string | undefined {
  for (const dir of requireFromProject.resolve.paths(name) ?? []) {
    const candidate = join(dir, name, "package.json");
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Every installed package (from package-lock.json), for GetProgramDependencies with transitive=true. */
export function lockedDependencies(programDir: string): InstalledDependency[] {
  const found = findProjectManifest(programDir);
  if (!found) return [];
  const lockPath = join(dirname(found[0]), "package-lock.json");
  if (!existsSync(lockPath)) return [];
  const lock = JSON.parse(readFileSync(lockPath, "utf8")) as {
    packages?: Record<string, { version?: string }>;
  };
  return Object.entries(lock.packages ?? {})
    .filter(([path]) => path.startsWith("node_modules/"))
    .map(([path, entry]) => ({
      name: path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length),
      version: entry.version ?? "",
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
