// Runs the real appliance as a child process (from source through tsx, or the bundle), waits
// for its "appliance ready" line, and stops it with SIGTERM. Every wait is bounded.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export interface Listening {
  udp?: { address: string; port: number };
  tcp?: { address: string; port: number };
  tls?: { address: string; port: number };
}

export interface ApplianceProcess {
  readonly pid: number;
  readonly listening: Listening;
  readonly udpPort: number;
  readonly tcpPort: number;
  /** Everything the process printed (stdout and stderr). */
  output(): string;
  /** Parsed JSON log records so far. */
  records(): Array<Record<string, unknown>>;
  /** Resolves when a line matching re appears (bounded). */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
  alive(): boolean;
  signal(sig: NodeJS.Signals): void;
  /** SIGTERM, wait for exit (bounded), SIGKILL as a last resort; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

export interface StartOptions {
  configPath: string;
  stateDir?: string;
  /** Run this bundle with node instead of the sources through tsx. */
  bundle?: string;
  timeoutMs?: number;
  /** Runs on each output line before "appliance ready" (a test acting during startup). */
  onStartupLine?: (line: string, child: { signal(sig: NodeJS.Signals): void }) => void;
}

export async function startApplianceProcess(o: StartOptions): Promise<ApplianceProcess> {
  const args = o.bundle
    ? [o.bundle, "--config", o.configPath]
    : ["--import", "tsx", "appliance/main.ts", "--config", o.configPath];
  const env = { ...process.env };
  if (o.stateDir) env.PIBX_STATE_DIR = o.stateDir;
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  const onData = (d: Buffer) => {
    const text = d.toString("utf8");
    if (o.onStartupLine && !out.includes('"msg":"appliance ready"'))
      for (const line of text.split("\n")) if (line) o.onStartupLine(line, { signal: (s) => child.kill(s) });
    out += text;
    for (const w of [...waiters]) {
      const line = out.split("\n").find((l) => w.re.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);

  const waitForLine = (re: RegExp, timeoutMs = 15_000): Promise<string> => {
    const existing = out.split("\n").find((l) => re.test(l));
    if (existing !== undefined) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(
          waiters.findIndex((w) => w.resolve === done),
          1,
        );
        reject(new Error(`timed out waiting for ${re} in appliance output:\n${out.slice(-3000)}`));
      }, timeoutMs);
      const done = (l: string) => {
        clearTimeout(timer);
        resolve(l);
      };
      waiters.push({ re, resolve: done });
      void exited.then(() => {
        if (waiters.some((w) => w.resolve === done)) {
          clearTimeout(timer);
          reject(new Error(`appliance exited (${exitCode}) before ${re}:\n${out.slice(-3000)}`));
        }
      });
    });
  };

  const stop = async (timeoutMs = 10_000): Promise<number | null> => {
    if (exitCode !== undefined) return exitCode;
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const code = await exited;
    clearTimeout(t);
    return code;
  };

  let readyLine: string;
  try {
    readyLine = await waitForLine(/"msg":"appliance ready"/, o.timeoutMs ?? 20_000);
  } catch (err) {
    await stop();
    throw err;
  }
  const listening = (JSON.parse(readyLine) as { listening: Listening }).listening;
  return {
    pid: child.pid!,
    listening,
    udpPort: listening.udp?.port ?? 0,
    tcpPort: listening.tcp?.port ?? 0,
    output: () => out,
    records: () =>
      out
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    waitForLine,
    alive: () => exitCode === undefined,
    signal: (sig) => {
      if (exitCode === undefined) (child as ChildProcess).kill(sig);
    },
    stop,
  };
}
