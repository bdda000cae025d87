// The Pulumi stack of a lab run: the repository's program (infra/index.ts) on a file backend in the
// run directory, so the state goes with the lab (`down` removes both: a state describing machines
// that no longer exist is worse than none). The secrets provider's passphrase is generated per run
// and kept next to the state (PULUMI_CONFIG_PASSPHRASE_FILE); secret values reach `pulumi config
// set --secret` on stdin, never on a command line.
//
// The engine runs inside the lab router's namespace: the one place that reaches every machine the
// stack converges — the Pi (172.16.0.10), the lab router's own SSH (172.16.0.1) and the home
// router's UPnP IGD on the home LAN — before and after the lab router's firewall is in place.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { pulumiEnv, repoRoot } from "../pulumi/pulumi-cli.ts";
import { LabError } from "./lab-error.ts";
import { inNetns, run } from "./shell.ts";
import { type BoxName, netnsOf } from "./topology.ts";

/** Where `pulumi` runs (see the head comment). */
export const PULUMI_BOX: BoxName = "lab-router";
export const STACK = "lab";

export interface LabStackPaths {
  readonly dir: string;
  /** Pulumi.yaml (paths made absolute into the repository) and Pulumi.lab.yaml. */
  readonly projectDir: string;
  readonly backendDir: string;
  readonly passphraseFile: string;
  /** Every pulumi command of the run and its output. */
  readonly log: string;
}

export function labStackPaths(runDir: string): LabStackPaths {
  const dir = join(runDir, "pulumi");
  return {
    dir,
    projectDir: join(dir, "project"),
    backendDir: join(dir, "state"),
    passphraseFile: join(dir, "passphrase"),
    log: join(dir, "pulumi.log"),
  };
}

export interface LabStackConfig {
  /** pibx:* plain values (objects are stored as JSON). */
  readonly plain: Readonly<Record<string, string | boolean | object>>;
  /** pibx:* secrets. */
  readonly secrets: Readonly<Record<string, string>>;
}

export interface PulumiRun {
  readonly args: readonly string[];
  readonly code: number;
  readonly stdout: string;
  /** stdout and stderr together. */
  readonly output: string;
  readonly seconds: number;
}

interface ProjectFile {
  main: string;
  plugins?: Record<string, Array<{ name: string; path: string }>>;
  [key: string]: unknown;
}

export function stackEnv(runDir: string): NodeJS.ProcessEnv {
  const p = labStackPaths(runDir);
  const env: NodeJS.ProcessEnv = {
    ...pulumiEnv(),
    PULUMI_BACKEND_URL: `file://${p.backendDir}`,
    PULUMI_CONFIG_PASSPHRASE_FILE: p.passphraseFile,
    NO_COLOR: "1",
  };
  delete env.PULUMI_CONFIG_PASSPHRASE;
  return env;
}

/** The argv that runs `pulumi <args>` on the lab stack, inside the engine's namespace. */
export function pulumiArgv(args: readonly string[]): string[] {
  // Our flags go before a `--` that ends the command's own (`config set k -- value`).
  const end = args.indexOf("--");
  const [head, tail] = end < 0 ? [args, []] : [args.slice(0, end), args.slice(end)];
  return inNetns(netnsOf(PULUMI_BOX), ["pulumi", ...head, "--stack", STACK, "--non-interactive", ...tail]);
}

export interface PulumiOptions {
  readonly input?: string;
  readonly timeoutMs?: number;
  /** Keep the output out of the log (e.g. `--show-secrets`). */
  readonly secretOutput?: boolean;
  /** Interrupts pulumi as Ctrl-C does (it ends its operations and saves the state), then kills it. */
  readonly signal?: AbortSignal;
}

/** Runs pulumi on the lab stack; output appended to the run's pulumi log. Never throws on exit code. */
export async function pulumi(
  runDir: string,
  args: readonly string[],
  opts: PulumiOptions = {},
): Promise<PulumiRun> {
  const p = labStackPaths(runDir);
  const started = process.hrtime.bigint();
  const argv = pulumiArgv(["--color=never", ...args]);
  // `ip netns exec` execs pulumi in its own process: a signal to the child reaches pulumi.
  const child = spawn(argv[0]!, argv.slice(1), { cwd: p.projectDir, env: stackEnv(runDir) });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  child.stdin.on("error", () => {});
  child.stdin.end(opts.input ?? "");
  const timers: NodeJS.Timeout[] = [];
  const interrupt = () => {
    child.kill("SIGINT");
    timers.push(setTimeout(() => child.kill("SIGKILL"), 60_000));
  };
  timers.push(setTimeout(interrupt, opts.timeoutMs ?? 900_000));
  opts.signal?.addEventListener("abort", interrupt, { once: true });
  const code = await new Promise<number>((resolve) => {
    child.on("error", (e) => {
      stderr += String(e);
      resolve(127);
    });
    child.on("close", (c, sig) => resolve(c ?? (sig ? 128 : 1)));
  });
  for (const t of timers) clearTimeout(t);
  opts.signal?.removeEventListener("abort", interrupt);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const output = `${stdout}${stderr}`;
  const logged = opts.secretOutput ? "(output not logged: it holds secrets)\n" : output;
  appendFileSync(p.log, `\n$ pulumi ${args.join(" ")}   (exit ${code}, ${seconds.toFixed(1)} s)\n${logged}`, {
    mode: 0o600,
  });
  return { args, code, stdout, output, seconds };
}

/** Runs and insists on exit 0; the error carries the end of the output. */
export async function mustPulumi(
  runDir: string,
  args: readonly string[],
  opts: PulumiOptions = {},
): Promise<PulumiRun> {
  const r = await pulumi(runDir, args, opts);
  if (r.code !== 0) {
    const tail = r.output.trim().split("\n").slice(-25).join("\n");
    throw new LabError(`pulumi ${args[0]} failed (exit ${r.code}; log ${labStackPaths(runDir).log})`, tail);
  }
  return r;
}

/** The project, backend and passphrase of a fresh stack, with its config set. */
export async function initLabStack(runDir: string, config: LabStackConfig): Promise<LabStackPaths> {
  const p = labStackPaths(runDir);
  for (const d of [p.dir, p.projectDir, p.backendDir]) mkdirSync(d, { recursive: true, mode: 0o700 });
  const project = parse(readFileSync(join(repoRoot, "Pulumi.yaml"), "utf8")) as ProjectFile;
  project.main = resolve(repoRoot, project.main);
  for (const list of Object.values(project.plugins ?? {}))
    for (const plugin of list) plugin.path = resolve(repoRoot, plugin.path);
  writeFileSync(join(p.projectDir, "Pulumi.yaml"), stringify(project));
  if (!existsSync(p.passphraseFile))
    writeFileSync(p.passphraseFile, randomBytes(24).toString("base64url"), { mode: 0o600 });
  // `stack init` has no --stack of its own: pass the name positionally.
  const init = await run(
    inNetns(netnsOf(PULUMI_BOX), ["pulumi", "stack", "init", STACK, "--non-interactive"]),
    {
      cwd: p.projectDir,
      env: stackEnv(runDir),
      timeoutMs: 120_000,
    },
  );
  appendFileSync(p.log, `$ pulumi stack init ${STACK}   (exit ${init.code})\n${init.stdout}${init.stderr}`, {
    mode: 0o600,
  });
  if (init.code !== 0) throw new LabError("pulumi stack init failed", `${init.stdout}${init.stderr}`.trim());
  for (const [key, value] of Object.entries(config.plain)) {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    await mustPulumi(runDir, ["config", "set", `pibx:${key}`, "--", text]);
  }
  for (const [key, value] of Object.entries(config.secrets)) {
    // Piped: the value never shows in a process list or the log.
    await mustPulumi(runDir, ["config", "set", "--secret", `pibx:${key}`], { input: value });
  }
  return p;
}

/** `pulumi stack output --json` (secrets stay "[secret]"). */
export async function stackOutputs(runDir: string): Promise<Record<string, unknown>> {
  const r = await mustPulumi(runDir, ["stack", "output", "--json"]);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** One secret output's value, for the smoke call only; never printed. */
export async function secretOutput(runDir: string, name: string): Promise<unknown> {
  const r = await pulumi(runDir, ["stack", "output", name, "--json", "--show-secrets"], {
    secretOutput: true,
  });
  if (r.code !== 0) return undefined;
  return JSON.parse(r.stdout) as unknown;
}
