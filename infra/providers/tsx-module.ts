// URLs a serialized dynamic provider needs to load TypeScript in the provider process: tsx's ESM
// API (read from tsx's exports map: require.resolve would pick its CommonJS build) and a module.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export function tsxEsmApiUrl(from: string = import.meta.url): string {
  const manifestPath = createRequire(from).resolve("tsx/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const entry = manifest.exports["./esm/api"]?.import?.default;
  if (!entry) throw new Error(`${manifestPath} has no ESM entry for tsx/esm/api`);
  return pathToFileURL(join(dirname(manifestPath), entry)).href;
}

/**
 * A loader for a dynamic provider's TypeScript implementation, safe to capture in a serialized
 * provider: the returned function closes over two strings only and loads the module with tsx at
 * call time (see generated-secret-resource.ts for why providers must work this way).
 */
export function tsxModuleLoader<T>(moduleUrl: string): () => Promise<T> {
  const tsxApiUrl = tsxEsmApiUrl();
  return async () => {
    const tsx = (await import(tsxApiUrl)) as { tsImport(url: string, parent: string): Promise<unknown> };
    return (await tsx.tsImport(moduleUrl, moduleUrl)) as T;
  };
}
