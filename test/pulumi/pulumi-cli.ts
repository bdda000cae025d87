// Running the real `pulumi` CLI against a throwaway project and file backend, with the environment
// of scripts/pulumi-env.sh. Shared by the integration tests in this folder.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface PulumiResult {
  args: string[];
  status: number;
  /** stdout and stderr together. */
  output: string;
  seconds: number;
}

/** The variables scripts/pulumi-env.sh exports, read by sourcing it in bash. */
export function pulumiEnv(): NodeJS.ProcessEnv {
  const dump = execFileSync("bash", ["-c", "source scripts/pulumi-env.sh && env -0"], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  const env: NodeJS.ProcessEnv = {};
  for (const entry of dump.split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

interface ProjectFile {
  main: string;
  plugins?: Record<string, Array<{ name: string; path: string }>>;
  [key: string]: unknown;
}

/**
 * A temporary project: the repository's Pulumi.yaml with its paths made absolute, so that the
 * stack's Pulumi.<stack>.yaml lands in the temporary directory and not in the repository. With
 * `program`, a scratch project instead: those files (index.ts the entry point), the repository's
 * node_modules linked in, and the repository's plugins.
 */
export class PulumiSandbox {
  readonly dir = mkdtempSync(join(tmpdir(), "pibx-pulumi-"));
  readonly projectDir = join(this.dir, "project");
  readonly backendDir = join(this.dir, "state");
  readonly stack = `it-${randomBytes(4).toString("hex")}`;
  readonly env: NodeJS.ProcessEnv;
  /** Every command run and its output, for the "no secret in any output" check. */
  readonly history: PulumiResult[] = [];

  constructor(program?: Record<string, string>) {
    mkdirSync(this.projectDir);
    mkdirSync(this.backendDir);
    const project = parse(readFileSync(join(repoRoot, "Pulumi.yaml"), "utf8")) as ProjectFile;
    project.main = resolve(repoRoot, project.main);
    for (const list of Object.values(project.plugins ?? {})) {
      for (const plugin of list) plugin.path = resolve(repoRoot, plugin.path);
    }
    if (program) {
      project.name = "scratch";
      project.main = "index.ts";
      delete project.config;
      symlinkSync(join(repoRoot, "node_modules"), join(this.projectDir, "node_modules"));
      writeFileSync(join(this.projectDir, "package.json"), JSON.stringify({ type: "module" }));
      for (const [name, text] of Object.entries(program)) writeFileSync(join(this.projectDir, name), text);
    }
    writeFileSync(join(this.projectDir, "Pulumi.yaml"), stringify(project));
    this.env = {
      ...pulumiEnv(),
      PULUMI_BACKEND_URL: `file://${this.backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: randomBytes(16).toString("hex"),
      NO_COLOR: "1",
    };
  }

  static available(): boolean {
    return existsSync(join(repoRoot, ".cache/pulumi-bin/pulumi"));
  }

  run(...args: string[]): PulumiResult {
    const started = process.hrtime.bigint();
    const result = spawnSync("pulumi", [...args, "--non-interactive", "--color=never"], {
      cwd: this.projectDir,
      env: this.env,
      encoding: "utf8",
      timeout: 300_000,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const run: PulumiResult = {
      args,
      status: result.status ?? -1,
      output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}`,
      seconds,
    };
    this.history.push(run);
    return run;
  }

  /** Runs and insists on success, showing the output otherwise. */
  ok(...args: string[]): PulumiResult {
    const result = this.run(...args);
    if (result.status !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited with ${result.status}:\n${result.output}`);
    }
    return result;
  }

  /** Destroys the stack (which must succeed), removes it and the temporary directory. */
  cleanUp(): void {
    try {
      this.ok("destroy", "--yes", "--skip-preview", "--stack", this.stack);
      this.ok("stack", "rm", "--yes", "--force", "--stack", this.stack);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
