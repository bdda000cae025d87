// pibx's language host speaks the plugin protocol: port on stdout's first line, then gRPC
// LanguageRuntime calls as the engine makes them (Run itself is covered by pulumi-up.test.ts).
import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as langGrpcTypes from "@pulumi/pulumi/proto/language_grpc_pb.js";
import type * as langTypes from "@pulumi/pulumi/proto/language_pb.js";
import type * as pluginTypes from "@pulumi/pulumi/proto/plugin_pb.js";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb.js";
import { engineAddressFrom } from "../../scripts/pulumi-language-nodejs.ts";
import { requiredPluginOf } from "../../scripts/pulumi-language-nodejs-packages.ts";
import { repoRoot } from "./pulumi-cli.ts";

const require = createRequire(import.meta.url);
const grpc = require("@grpc/grpc-js") as typeof grpcTypes;
const langGrpc = require("@pulumi/pulumi/proto/language_grpc_pb.js") as typeof langGrpcTypes;
const lang = require("@pulumi/pulumi/proto/language_pb.js") as typeof langTypes;
const empty = require("google-protobuf/google/protobuf/empty_pb.js") as typeof emptyTypes;
const sdkVersion = (require("@pulumi/pulumi/package.json") as { version: string }).version;

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value));
}

/** Calls a unary method, resolving with its response or rejecting with the gRPC error. */
function call<Res>(
  invoke: (done: (err: grpcTypes.ServiceError | null, res: Res) => void) => unknown,
): Promise<Res> {
  return new Promise((resolve, reject) => invoke((err, res) => (err ? reject(err) : resolve(res))));
}

it("the engine address is the last positional argument, after the logging and tracing flags", () => {
  assert.equal(
    engineAddressFrom(["--logtostderr", "-v=9", "--tracing", "http://t", "127.0.0.1:5"]),
    "127.0.0.1:5",
  );
  assert.equal(engineAddressFrom(["127.0.0.1:7"]), "127.0.0.1:7");
});

it("a package is a resource plugin only when its package.json says so", () => {
  assert.deepEqual(
    requiredPluginOf({ name: "@pulumi/command", version: "1.2.1", pulumi: { resource: true } }),
    {
      name: "command",
      version: "1.2.1",
      server: "",
    },
  );
  assert.equal(requiredPluginOf({ name: "@pulumi/pulumi", version: "3.248.0", pulumi: {} }), undefined);
  assert.equal(requiredPluginOf({ name: "yaml", version: "2.9.1" }), undefined);
});

describe("the language host process", () => {
  let host: ChildProcessWithoutNullStreams;
  let client: langGrpcTypes.LanguageRuntimeClient;
  const project = mkdtempSync(join(tmpdir(), "pibx-langhost-"));
  const info = () =>
    new lang.ProgramInfo().setRootDirectory(project).setProgramDirectory(project).setEntryPoint(".");

  before(async () => {
    // A project with a provider SDK (declares a plugin) and an ordinary package.
    writeJson(join(project, "package.json"), {
      name: "p",
      dependencies: { "@acme/thing": "1.0.0", plain: "2.0.0" },
    });
    writeJson(join(project, "node_modules/@acme/thing/package.json"), {
      name: "@acme/thing",
      version: "1.0.0",
      pulumi: { resource: true, name: "thing", version: "1.0.0", server: "https://plugins.example.invalid" },
    });
    writeJson(join(project, "node_modules/plain/package.json"), { name: "plain", version: "2.0.0" });

    host = spawn(join(repoRoot, "scripts/pulumi-language-nodejs"), ["-v=3", "127.0.0.1:1"], { cwd: project });
    const firstLine = await new Promise<string>((resolve, reject) => {
      let out = "";
      host.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")));
      });
      host.on("exit", (code) => reject(new Error(`language host exited with ${code}`)));
    });
    assert.match(firstLine, /^\d+$/);
    client = new langGrpc.LanguageRuntimeClient(`127.0.0.1:${firstLine}`, grpc.credentials.createInsecure());
  });

  after(() => {
    client?.close();
    host?.kill();
    rmSync(project, { recursive: true, force: true });
  });

  it("answers Handshake and GetPluginInfo with the SDK's version", async () => {
    const handshake = new lang.LanguageHandshakeRequest().setEngineAddress("127.0.0.1:1");
    await call<langTypes.LanguageHandshakeResponse>((done) => client.handshake(handshake, done));
    const pluginInfo = await call<pluginTypes.PluginInfo>((done) =>
      client.getPluginInfo(new empty.Empty(), done),
    );
    assert.equal(pluginInfo.getVersion(), sdkVersion);
  });

  it("reports the resource plugins the project's dependencies need", async () => {
    const req = new lang.GetRequiredPackagesRequest().setInfo(info());
    const res = await call<langTypes.GetRequiredPackagesResponse>((done) =>
      client.getRequiredPackages(req, done),
    );
    assert.deepEqual(
      res.getPackagesList().map((p) => [p.getKind(), p.getName(), p.getVersion(), p.getServer()]),
      [["resource", "thing", "1.0.0", "https://plugins.example.invalid"]],
    );
    const legacyReq = new lang.GetRequiredPluginsRequest().setInfo(info());
    const legacy = await call<langTypes.GetRequiredPluginsResponse>((done) =>
      client.getRequiredPlugins(legacyReq, done),
    );
    assert.deepEqual(
      legacy.getPluginsList().map((p) => p.getName()),
      ["thing"],
    );
  });

  it("lists the program's dependencies and describes its runtime", async () => {
    const depsReq = new lang.GetProgramDependenciesRequest().setInfo(info());
    const deps = await call<langTypes.GetProgramDependenciesResponse>((done) =>
      client.getProgramDependencies(depsReq, done),
    );
    assert.deepEqual(
      deps.getDependenciesList().map((d) => `${d.getName()}@${d.getVersion()}`),
      ["@acme/thing@1.0.0", "plain@2.0.0"],
    );
    const aboutReq = new lang.AboutRequest().setInfo(info());
    const about = await call<langTypes.AboutResponse>((done) => client.about(aboutReq, done));
    assert.equal(about.getVersion(), process.version);
    const promptsReq = new lang.RuntimeOptionsRequest().setInfo(info());
    const prompts = await call<langTypes.RuntimeOptionsResponse>((done) =>
      client.runtimeOptionsPrompts(promptsReq, done),
    );
    assert.deepEqual(prompts.getPromptsList(), []);
    await call<emptyTypes.Empty>((done) => client.cancel(new empty.Empty(), done));
  });

  it("answers UNIMPLEMENTED for what it does not do, as the engine expects", async () => {
    await assert.rejects(
      call<langTypes.TemplateResponse>((done) =>
        client.template(new lang.TemplateRequest().setInfo(info()), done),
      ),
      (err: grpcTypes.ServiceError) => err.code === grpc.status.UNIMPLEMENTED,
    );
  });
});
