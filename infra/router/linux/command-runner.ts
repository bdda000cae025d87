// How scripts reach the router: a POSIX shell script in, exit code and output back. The SSH
// runner is the real one; tests may run the same scripts in a network namespace directly.
import { spawn } from "node:child_process";

export interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandRunner {
  /** Runs `script` with `sh -s` on the router (the script arrives on stdin, never in argv or logs). */
  run(script: string): Promise<ScriptResult>;
}

/** Runs scripts with a local argv prefix (e.g. `ip netns exec <ns>`): for tests and local routers. */
export function localRunner(prefix: readonly string[] = [], timeoutMs = 60_000): CommandRunner {
  return {
    run(script) {
      const argv = [...prefix, "sh", "-s"];
      return new Promise((resolve, reject) => {
        const child = spawn(argv[0]!, argv.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => {
          stdout += d;
        });
        child.stderr.setEncoding("utf8").on("data", (d: string) => {
          stderr += d;
        });
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.on("error", (e) => {
          clearTimeout(timer);
          reject(e);
        });
        child.on("close", (code) => {
          clearTimeout(timer);
          resolve({ code: code ?? 128, stdout, stderr });
        });
        child.stdin.on("error", () => {});
        child.stdin.end(script);
      });
    },
  };
}
