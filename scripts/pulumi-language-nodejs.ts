// pibx's Pulumi language host for Node.js. The Go module proxy refuses Pulumi's own host
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), so this one, built from what
// the @pulumi/pulumi npm package ships, is the engine's `nodejs` language plugin: Pulumi.yaml's
// `plugins.languages` points the engine at scripts/, and .cache/pulumi-bin (on PATH) links it too.
//
// Plugin protocol (sdk/go/common/resource/plugin/plugin.go, langruntime_plugin.go):
//   argv    [--logtostderr] [-v=N] [--tracing URL] ENGINE_ADDRESS   (the address comes last)
//   stdout  first line: the port of our gRPC server on 127.0.0.1; later lines are shown as info
//   stderr  shown to the user as errors-stream output
// The engine kills the process when it is done with it; we also exit if the engine goes away.
// RPCs left out (Template, RunPlugin, Generate*, Pack, Link) answer UNIMPLEMENTED (grpc-js does
// that for missing handlers), which the engine treats as "not supported by this language".
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as langGrpcTypes from "@pulumi/pulumi/proto/language_grpc_pb.js";
import type * as langTypes from "@pulumi/pulumi/proto/language_pb.js";
import type * as pluginTypes from "@pulumi/pulumi/proto/plugin_pb.js";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb.js";
import {
  findProjectManifest,
  installedDependencies,
  lockedDependencies,
  requiredPluginOf,
} from "./pulumi-language-nodejs-packages.ts";
import { type RunSpec, runProgram } from "./pulumi-language-nodejs-run.ts";

// The generated protobuf modules are CommonJS without static named exports: load them with require.
const require = createRequire(import.meta.url);
const grpc = require("@grpc/grpc-js") as typeof grpcTypes;
const langGrpc = require("@pulumi/pulumi/proto/language_grpc_pb.js") as typeof langGrpcTypes;
const lang = require("@pulumi/pulumi/proto/language_pb.js") as typeof langTypes;
const plugin = require("@pulumi/pulumi/proto/plugin_pb.js") as typeof pluginTypes;
const empty = require("google-protobuf/google/protobuf/empty_pb.js") as typeof emptyTypes;
const sdkVersion = (require("@pulumi/pulumi/package.json") as { version: string }).version;

// The RPCs implemented here; the others answer UNIMPLEMENTED.
type Implemented = Pick<
  langGrpcTypes.ILanguageRuntimeServer,
  | "handshake"
  | "getPluginInfo"
  | "getRequiredPackages"
  | "getRequiredPlugins"
  | "run"
  | "installDependencies"
  | "runtimeOptionsPrompts"
  | "about"
  | "getProgramDependencies"
  | "cancel"
>;

/** The engine address: the last argument that is neither a flag nor a flag's value. */
export function engineAddressFrom(argv: string[]): string {
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--tracing" || arg === "-tracing") i++;
    else if (!arg.startsWith("-")) positional.push(arg);
  }
  return positional.at(-1) ?? "";
}

function programDirOf(info: langTypes.ProgramInfo | undefined, fallback: string): string {
  return info?.getProgramDirectory() || fallback || process.cwd();
}

function packagesFor(programDir: string): pluginTypes.PackageDependency[] {
  return installedDependencies(programDir).flatMap(([, manifest]) => {
    const required = requiredPluginOf(manifest);
    if (!required) return [];
    return [
      new plugin.PackageDependency()
        .setKind("resource")
        .setName(required.name)
        .setVersion(required.version)
        .setServer(required.server),
    ];
  });
}

function unary<Req, Res>(handler: (request: Req) => Res | Promise<Res>): grpcTypes.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handler(call.request))
      .then(
        (response) => callback(null, response),
        (err: unknown) =>
          callback({ code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) }),
      );
  };
}

function runSpecOf(req: langTypes.RunRequest, engineAddress: string): RunSpec {
  const info = req.getInfo();
  const config: Record<string, string> = {};
  for (const [key, value] of req.getConfigMap().entries()) config[key] = value;
  return {
    project: req.getProject(),
    stack: req.getStack(),
    organization: req.getOrganization(),
    rootDirectory: info?.getRootDirectory() || req.getPwd(),
    programDirectory: programDirOf(info, req.getPwd()),
    entryPoint: info?.getEntryPoint() ?? req.getProgram(),
    pwd: req.getPwd(),
    monitorAddress: req.getMonitorAddress(),
    // From our arguments or Handshake (RunRequest.args are the program's own arguments).
    engineAddress,
    config,
    configSecretKeys: req.getConfigsecretkeysList(),
    dryRun: req.getDryrun(),
    parallel: req.getParallel(),
  };
}

// Dependencies come from the repository's lockfile: `npm ci` when node_modules is missing or older
// than package-lock.json (what scripts/setup.sh does), nothing otherwise.
const installDependencies: grpcTypes.handleServerStreamingCall<
  langTypes.InstallDependenciesRequest,
  langTypes.InstallDependenciesResponse
> = (call) => {
  const dir = call.request.getInfo()?.getRootDirectory() || call.request.getDirectory() || process.cwd();
  const root = dirname(findProjectManifest(dir)?.[0] ?? join(dir, "package.json"));
  const marker = join(root, "node_modules", ".package-lock.json");
  const lock = join(root, "package-lock.json");
  const upToDate =
    existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs);
  if (upToDate) {
    call.write(new lang.InstallDependenciesResponse().setStdout(`node_modules in ${root} is up to date\n`));
    call.end();
    return;
  }
  const args = existsSync(lock) ? ["ci", "--no-audit", "--no-fund"] : ["install", "--no-audit", "--no-fund"];
  const child = spawn("npm", args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (chunk: Buffer) =>
    call.write(new lang.InstallDependenciesResponse().setStdout(chunk)),
  );
  child.stderr.on("data", (chunk: Buffer) =>
    call.write(new lang.InstallDependenciesResponse().setStderr(chunk)),
  );
  // A streaming call reports failure by emitting a status, which the engine shows.
  const fail = (details: string) => call.emit("error", { code: grpc.status.UNKNOWN, details });
  child.on("error", (err) => fail(`cannot run npm: ${err.message}`));
  child.on("close", (code) => (code === 0 ? call.end() : fail(`npm ${args[0]} exited with ${code}`)));
};

export function languageRuntime(engineAddressArg: string): Implemented {
  // Launched by the engine, we get its address as an argument; attached to (PULUMI_DEBUG_LANGUAGES),
  // we learn it from Handshake.
  let engineAddress = engineAddressArg;
  return {
    handshake: unary((req: langTypes.LanguageHandshakeRequest) => {
      engineAddress = req.getEngineAddress() || engineAddress;
      return new lang.LanguageHandshakeResponse();
    }),
    getPluginInfo: unary(() => new plugin.PluginInfo().setVersion(sdkVersion)),
    getRequiredPackages: unary((req: langTypes.GetRequiredPackagesRequest) =>
      new lang.GetRequiredPackagesResponse().setPackagesList(packagesFor(programDirOf(req.getInfo(), ""))),
    ),
    // Pre-GetRequiredPackages engines ask this instead.
    getRequiredPlugins: unary((req: langTypes.GetRequiredPluginsRequest) =>
      new lang.GetRequiredPluginsResponse().setPluginsList(
        packagesFor(programDirOf(req.getInfo(), req.getPwd())).map((p) =>
          new plugin.PluginDependency()
            .setKind(p.getKind())
            .setName(p.getName())
            .setVersion(p.getVersion())
            .setServer(p.getServer()),
        ),
      ),
    ),
    run: unary(async (req: langTypes.RunRequest) => {
      const outcome = await runProgram(runSpecOf(req, engineAddress));
      return new lang.RunResponse().setError(outcome.error).setBail(outcome.bail);
    }),
    installDependencies,
    runtimeOptionsPrompts: unary(() => new lang.RuntimeOptionsResponse()),
    about: unary((req: langTypes.AboutRequest) => {
      const res = new lang.AboutResponse().setExecutable(process.execPath).setVersion(process.version);
      res.getMetadataMap().set("languageHost", "pibx scripts/pulumi-language-nodejs");
      for (const [dep] of installedDependencies(programDirOf(req.getInfo(), ""))) {
        if (dep.name === "tsx" || dep.name === "typescript") res.getMetadataMap().set(dep.name, dep.version);
      }
      return res;
    }),
    getProgramDependencies: unary((req: langTypes.GetProgramDependenciesRequest) => {
      const dir = programDirOf(req.getInfo(), req.getPwd());
      const deps = req.getTransitivedependencies()
        ? lockedDependencies(dir)
        : installedDependencies(dir).map(([dep]) => dep);
      return new lang.GetProgramDependenciesResponse().setDependenciesList(
        deps.map((d) => new lang.DependencyInfo().setName(d.name).setVersion(d.version)),
      );
    }),
    // The program runs in this process; the engine kills it after cancelling, nothing to undo here.
    cancel: unary(() => new empty.Empty()),
  };
}

/** Serves the LanguageRuntime service until the engine kills us (called by the launcher script). */
export async function main(argv: string[]): Promise<void> {
  const engineAddress = engineAddressFrom(argv);
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(langGrpc.LanguageRuntimeService, languageRuntime(engineAddress));
  const port = await new Promise<number>((resolvePort, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolvePort(bound),
    ),
  );
  process.stdout.write(`${port}\n`);
  // The engine is our parent: when it dies without killing us, we are re-parented; exit then.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.exit(0), 1000).unref();
}
