// The Run RPC of pibx's language host: runs a TypeScript (or JavaScript) Pulumi program inside the
// language host process itself, the way @pulumi/pulumi's automation `LanguageServer` runs inline
// programs, instead of spawning `@pulumi/pulumi/cmd/run` (which only knows ts-node, not installed).
// It uses the same SDK internals as `LanguageServer.run` (withLocalStorage, resetOptions,
// setAllConfig, runInPulumiStack, disconnect) but not the class: that answers a failed program with
// a gRPC error (and then calls back a second time) where the engine expects RunResponse.bail, and it
// waits forever for outputs that never settle after a failed registration.
//
// - The SDK pieces (settings, stack, config, log) come from the @pulumi/pulumi that the program
//   itself resolves, so the runtime state we configure is the one its resources use.
// - The program is loaded with tsx's `tsImport` (a namespaced ESM loader): TypeScript and ESM work
//   without a global hook, and each Run gets fresh copies of the program's own modules.
// - Errors follow `pulumi/cmd/run`: RunError shows its message only, ResourceError is attached to its
//   resource, anything else shows its stack; once an error is logged, the engine is told to bail
//   (nothing more to print) rather than handed a message.
// - A program that calls process.exit() ends the host too; the engine then reports that the
//   language host went away.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** What the engine asked to run (plain data, decoupled from the protobuf classes). */
export interface RunSpec {
  project: string;
  stack: string;
  organization: string;
  rootDirectory: string;
  programDirectory: string;
  entryPoint: string;
  pwd: string;
  monitorAddress: string;
  engineAddress: string;
  config: Record<string, string>;
  configSecretKeys: string[];
  dryRun: boolean;
  parallel: number;
}

/** RunResponse: `error` for a failure the engine should print, `bail` when it was already logged. */
export interface RunOutcome {
  error: string;
  bail: boolean;
}

// The internal modules of @pulumi/pulumi used here (LanguageServer uses the same ones).
interface PulumiSdk {
  settings: typeof import("@pulumi/pulumi/runtime/settings.js");
  stack: typeof import("@pulumi/pulumi/runtime/stack.js");
  config: typeof import("@pulumi/pulumi/runtime/config.js");
  log: typeof import("@pulumi/pulumi/log/index.js");
  errors: typeof import("@pulumi/pulumi/errors.js");
  // Internal (undeclared): waits for the v8 inspector session that function serialization uses.
  v8Hooks: { isInitializedAsync(): Promise<void> };
  // Internal (undeclared): runs a callback with a fresh runtime store, as LanguageServer does.
  state: { withLocalStorage<T>(callback: () => Promise<T>): Promise<T> };
}

type TsImport = (
  specifier: string,
  options: { parentURL: string; tsconfig?: string | false },
) => Promise<unknown>;

const entryNames = ["index.ts", "index.mts", "index.js", "index.mjs"];

/** The program file: `entryPoint` is a file name in the program directory, or "." for the directory. */
export function resolveEntryPoint(programDirectory: string, entryPoint: string): string {
  const target = resolve(programDirectory, entryPoint || ".");
  if (!existsSync(target)) throw new Error(`program entry point ${target} does not exist`);
  if (!statSync(target).isDirectory()) return target;
  const index = entryNames.map((name) => join(target, name)).find((path) => existsSync(path));
  if (!index) throw new Error(`no ${entryNames.join(", ")} in program directory ${target}`);
  return index;
}

function nearest(file: string, startDir: string): string | undefined {
  for (let dir = startDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, file))) return join(dir, file);
    if (dirname(dir) === dir) return undefined;
  }
}

function loadSdk(programFile: string): PulumiSdk {
  const req = createRequire(programFile);
  const load = <T>(path: string): T => req(`@pulumi/pulumi/${path}`) as T;
  return {
    settings: load("runtime/settings"),
    stack: load("runtime/stack"),
    config: load("runtime/config"),
    log: load("log"),
    errors: load("errors"),
    v8Hooks: load("runtime/closure/v8Hooks"),
    state: load("runtime/state"),
  };
}

// tsx's ESM API as the program's project installs it. require.resolve would pick the "require"
// condition (a CommonJS build whose tsImport cannot be loaded through import()), so the "import"
// entry is read from tsx's exports map.
async function loadTsImport(programFile: string): Promise<TsImport> {
  const manifestPath = createRequire(programFile).resolve("tsx/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const entry = manifest.exports["./esm/api"]?.import?.default;
  if (!entry) throw new Error(`${manifestPath} has no ESM entry for tsx/esm/api`);
  const api = (await import(pathToFileURL(join(dirname(manifestPath), entry)).href)) as {
    tsImport: TsImport;
  };
  return api.tsImport;
}

// New runtime stores read these (as when @pulumi/pulumi/cmd/run sets them for its child process).
function exportSettings(spec: RunSpec): void {
  const values: Record<string, string> = {
    PULUMI_NODEJS_ORGANIZATION: spec.organization,
    PULUMI_NODEJS_PROJECT: spec.project,
    PULUMI_NODEJS_ROOT_DIRECTORY: spec.rootDirectory,
    PULUMI_NODEJS_STACK: spec.stack,
    PULUMI_NODEJS_DRY_RUN: String(spec.dryRun),
    PULUMI_NODEJS_PARALLEL: String(spec.parallel),
    PULUMI_NODEJS_MONITOR: spec.monitorAddress,
    PULUMI_NODEJS_ENGINE: spec.engineAddress,
  };
  for (const [key, value] of Object.entries(values)) if (value) process.env[key] = value;
}

/** Runs the program once against the engine's resource monitor. */
export async function runProgram(spec: RunSpec): Promise<RunOutcome> {
  let programFile: string;
  let sdk: PulumiSdk;
  let tsImport: TsImport;
  try {
    programFile = resolveEntryPoint(spec.programDirectory, spec.entryPoint);
    sdk = loadSdk(programFile);
    tsImport = await loadTsImport(programFile);
  } catch (e) {
    return { error: `pibx language host: cannot load the program: ${(e as Error).message}`, bail: false };
  }
  exportSettings(spec);
  if (spec.pwd) process.chdir(spec.pwd);
  const tsconfig = nearest("tsconfig.json", dirname(programFile)) ?? false;

  return sdk.state.withLocalStorage(async () => {
    const { settings, stack, config, log, errors } = sdk;
    settings.resetOptions(
      spec.project,
      spec.stack,
      spec.parallel,
      spec.engineAddress,
      spec.monitorAddress,
      spec.dryRun,
      spec.organization,
    );
    config.setAllConfig(spec.config, spec.configSecretKeys);
    // Function serialization (dynamic providers) needs the v8 inspector hooks before code loads.
    await sdk.v8Hooks.isInitializedAsync();

    // An uncaught error ends the run at once: the outputs of a resource whose registration failed
    // never settle, and unlike `pulumi/cmd/run` (a child process that ends when its event loop is
    // empty) this process stays alive serving gRPC, so waiting for the stack would hang.
    const reported = new Set<unknown>();
    const logged: Promise<void>[] = [];
    let abort: () => void = () => {};
    const aborted = new Promise<"aborted">((resolveAbort) => {
      abort = () => resolveAbort("aborted");
    });
    const report = (err: unknown): void => {
      if (reported.has(err)) return; // one rejection can surface once per promise in the chain
      reported.add(err);
      if (errors.RunError.isInstance(err)) {
        logged.push(log.error(err.message));
      } else if (errors.ResourceError.isInstance(err)) {
        logged.push(log.error(err.hideStack ? err.message : (err.stack ?? err.message), err.resource));
      } else {
        const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
        logged.push(
          log.error(`Running program '${programFile}' failed with an unhandled exception:\n${detail}`),
        );
      }
      abort();
    };
    process.on("uncaughtException", report);
    process.on("unhandledRejection", report);
    process.setMaxListeners(settings.getMaximumListeners());

    const program = async (): Promise<unknown> => {
      const url = pathToFileURL(programFile).href;
      const mod = (await tsImport(url, { parentURL: url, tsconfig })) as Record<string, unknown>;
      // Like `pulumi/cmd/run`: a default export (possibly an async function) is the program's outputs.
      const exported = "default" in mod ? mod.default : mod;
      return typeof exported === "function" ? await (exported as () => unknown)() : exported;
    };
    try {
      await Promise.race([stack.runInPulumiStack(program), aborted]);
    } catch (e) {
      report(e);
    }
    await Promise.allSettled(logged);
    const failed = reported.size > 0 || log.hasErrors();
    try {
      // A clean run signals shutdown so that the engine runs delete hooks; a failed one may have
      // RPCs that never finish, so it closes the connections without waiting.
      if (failed) settings.disconnectSync();
      else await settings.disconnect(true);
    } finally {
      process.off("uncaughtException", report);
      process.off("unhandledRejection", report);
    }
    return { error: "", bail: failed };
  });
}
