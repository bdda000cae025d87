// Runs one external tool for a build step. A failure becomes an ImageBuildError naming the step
// and, when the tool's output says so, the Debian package or file at fault.
import { spawn } from "node:child_process";
import { ImageBuildError } from "../errors.ts";

export interface RunOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string;
  readonly cwd?: string;
  /** Called with each line the tool writes (stdout and stderr), e.g. to show progress. */
  readonly onLine?: (line: string) => void;
}

export interface RunResult {
  readonly stdout: string;
}

const CULPRITS: readonly RegExp[] = [
  /dpkg: error processing (?:package|archive) (\S+)/,
  /Version '[^']+' for '([^']+)' was not found/,
  /Unable to locate package (\S+)/,
  /^ (\S+) : (?:Pre-)?Depends:/m,
  /Package '?([^' ]+)'? has no installation candidate/,
  /E: Failed to fetch \S+\/([a-z0-9][a-z0-9+.-]+)_[^/\s]+\.deb/,
  /(?:No such file or directory|cannot access|cannot stat)[^\n]*?['"‘]([^'"’]+)['"’]/,
];

/** The package or file an error output blames, if any. */
export function culpritOf(output: string): string | undefined {
  for (const re of CULPRITS) {
    const m = re.exec(output);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

export function runCommand(
  step: string,
  cmd: string,
  args: readonly string[],
  o: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: o.cwd,
      env: { ...process.env, LC_ALL: "C.UTF-8", ...o.env },
      stdio: [o.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let tail = "";
    const keep = (text: string) => {
      tail = (tail + text).slice(-16384);
    };
    let partial = "";
    const lines = (chunk: Buffer) => {
      if (!o.onLine) return;
      partial += chunk.toString("utf8");
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      for (const l of parts) o.onLine(l);
    };
    child.stdout?.on("data", (c: Buffer) => {
      out.push(c);
      lines(c);
    });
    child.stderr?.on("data", (c: Buffer) => {
      keep(c.toString("utf8"));
      lines(c);
    });
    child.on("error", (err) => reject(new ImageBuildError(step, `cannot run ${cmd}: ${err.message}`, cmd)));
    child.on("close", (code, signal) => {
      const stdout = Buffer.concat(out).toString("utf8");
      if (code === 0) return resolve({ stdout });
      const all = `${tail}\n${stdout.slice(-4096)}`;
      const last = all.trim().split("\n").slice(-12).join("\n");
      reject(new ImageBuildError(step, `${cmd} exited with ${signal ?? code}:\n${last}`, culpritOf(all)));
    });
    if (child.stdin) {
      child.stdin.on("error", () => {}); // a tool may exit without reading its input: its exit code says why
      child.stdin.end(o.input);
    }
  });
}
