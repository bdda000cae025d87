// The logic of the LocalCommand dynamic provider: run a command on the operator's machine (argv, no
// shell) in a working directory with extra environment, again whenever `triggers` change. With
// `parse: "path-sha256"` the last two stdout lines are a file path and its sha256 (the image
// builder's contract), checked and exposed as outputs; refresh notices when that file is gone.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import type * as pulumi from "@pulumi/pulumi";

export type StdoutParse = "none" | "path-sha256";

export interface LocalCommandInputs {
  /** argv: the program then its arguments. */
  command: string[];
  cwd: string;
  /** Added to the environment (may hold secrets: the resource keeps it secret). */
  env?: Record<string, string>;
  /** Any change runs the command again (e.g. the image recipe key). */
  triggers: string;
  parse?: StdoutParse;
  timeoutMs?: number;
}

export interface LocalCommandOutputs extends LocalCommandInputs {
  /** The last 4 KiB of stdout. */
  stdout: string;
  path?: string;
  sha256?: string;
}

/** The command failed or printed something its parser cannot read. */
export class LocalCommandError extends Error {
  override name = "LocalCommandError";
  constructor(
    readonly command: readonly string[],
    readonly exitCode: number | null,
    readonly stderrTail: string,
    detail: string,
  ) {
    super(`${command.join(" ")}: ${detail}${stderrTail ? `\n${stderrTail}` : ""}`);
  }
}

const tail = (text: string, bytes: number) => (text.length > bytes ? text.slice(-bytes) : text);

/** `/path/to/file.img\n<64 hex>\n` → { path, sha256 }; undefined otherwise. Pure. */
export function parsePathAndSha256(stdout: string): { path: string; sha256: string } | undefined {
  const lines = stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const path = lines.at(-2);
  const sha256 = lines.at(-1)?.toLowerCase();
  if (!path || !sha256 || !/^[0-9a-f]{64}$/.test(sha256) || !path.startsWith("/")) return undefined;
  return { path, sha256 };
}

export function localCommandCheck(
  news: Record<string, unknown>,
): pulumi.dynamic.CheckResult<LocalCommandInputs> {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const command = news.command;
  if (!Array.isArray(command) || command.length === 0 || !command.every((a) => typeof a === "string")) {
    failures.push({ property: "command", reason: "must be a non-empty list of strings (argv)" });
  }
  if (typeof news.cwd !== "string" || !news.cwd.startsWith("/")) {
    failures.push({ property: "cwd", reason: "must be an absolute directory" });
  }
  if (typeof news.triggers !== "string") failures.push({ property: "triggers", reason: "must be a string" });
  if (news.parse !== undefined && news.parse !== "none" && news.parse !== "path-sha256") {
    failures.push({ property: "parse", reason: 'must be "none" or "path-sha256"' });
  }
  if (failures.length > 0) return { failures };
  return { inputs: news as unknown as LocalCommandInputs };
}

const ranWith = (i: LocalCommandInputs) =>
  JSON.stringify([i.command, i.cwd, i.env ?? {}, i.triggers, i.parse ?? "none"]);

export function localCommandDiff(
  olds: LocalCommandOutputs,
  news: LocalCommandInputs,
): pulumi.dynamic.DiffResult {
  const gone = olds.parse === "path-sha256" && olds.sha256 === "missing";
  return { changes: gone || ranWith(olds) !== ranWith(news), replaces: [], deleteBeforeReplace: false };
}

export function runLocalCommand(inputs: LocalCommandInputs): Promise<LocalCommandOutputs> {
  const [program, ...args] = inputs.command;
  return new Promise((resolve, reject) => {
    execFile(
      program ?? "",
      args,
      {
        cwd: inputs.cwd,
        env: { ...process.env, ...(inputs.env ?? {}) },
        timeout: inputs.timeoutMs ?? 3_600_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: "utf8",
      },
      (err, stdout, stderr) => {
        const stderrTail = tail(stderr, 2048).trim();
        if (err) {
          const code = typeof err.code === "number" ? err.code : null;
          const why = err.killed ? "timed out" : `exited ${code ?? err.signal ?? "with an error"}`;
          return reject(new LocalCommandError(inputs.command, code, stderrTail, why));
        }
        const outs: LocalCommandOutputs = { ...inputs, stdout: tail(stdout, 4096) };
        if (inputs.parse === "path-sha256") {
          const parsed = parsePathAndSha256(stdout);
          if (!parsed) {
            return reject(
              new LocalCommandError(inputs.command, 0, stderrTail, "did not print a path and a sha256"),
            );
          }
          Object.assign(outs, parsed);
        }
        resolve(outs);
      },
    );
  });
}

export async function localCommandCreate(
  inputs: LocalCommandInputs,
): Promise<pulumi.dynamic.CreateResult<LocalCommandOutputs>> {
  const outs = await runLocalCommand(inputs);
  return { id: createHash("sha256").update(ranWith(inputs)).digest("hex").slice(0, 16), outs };
}

export async function localCommandUpdate(
  news: LocalCommandInputs,
): Promise<pulumi.dynamic.UpdateResult<LocalCommandOutputs>> {
  return { outs: await runLocalCommand(news) };
}

export function fileSha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve(hash.digest("hex")))
      .on("error", reject);
  });
}

/** Refresh: a produced file that is gone (or changed) reads as "missing", so the next up rebuilds. */
export async function localCommandRead(
  id: string,
  props: LocalCommandOutputs,
): Promise<pulumi.dynamic.ReadResult<LocalCommandOutputs>> {
  if (props.parse !== "path-sha256" || !props.path) return { id, props };
  const present = existsSync(props.path) && (await fileSha256(props.path)) === props.sha256;
  return { id, props: present ? props : { ...props, sha256: "missing" } };
}
