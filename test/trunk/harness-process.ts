// Runs test/trunk/trunk-harness.ts inside a lab box and collects its JSON-line events.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { netnsOf } from "../lab/index.ts";
import type { HarnessConfig } from "./trunk-harness.ts";

export interface HarnessEvent {
  event: string;
  [key: string]: unknown;
}

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export class HarnessProcess {
  readonly events: HarnessEvent[] = [];
  stderr = "";
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<void>;

  constructor(config: HarnessConfig) {
    const arg = Buffer.from(JSON.stringify(config)).toString("base64");
    this.child = spawn(
      "ip",
      [
        "netns",
        "exec",
        netnsOf("pi"),
        process.execPath,
        "--import",
        "tsx",
        "test/trunk/trunk-harness.ts",
        arg,
      ],
      { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] },
    );
    let buf = "";
    this.child.stdout.setEncoding("utf8").on("data", (d: string) => {
      buf += d;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.trim()) this.events.push(JSON.parse(line) as HarnessEvent);
      }
    });
    this.child.stderr.setEncoding("utf8").on("data", (d: string) => {
      this.stderr = (this.stderr + d).slice(-20_000);
    });
    this.exited = new Promise((resolve) => this.child.on("close", () => resolve()));
  }

  mark(): number {
    return this.events.length;
  }

  /** The first event after index `from` that satisfies pred; rejects after timeoutMs. */
  async waitFor(pred: (e: HarnessEvent) => boolean, timeoutMs: number, from = 0): Promise<HarnessEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(pred);
      if (found) return found;
      if (Date.now() >= deadline) {
        throw new Error(
          `harness: no matching event within ${timeoutMs} ms; events: ${JSON.stringify(this.events.slice(from))}\n${this.stderr.slice(-3000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  send(cmd: Record<string, unknown>): void {
    this.child.stdin.write(`${JSON.stringify(cmd)}\n`);
  }

  /** Asks the harness to exit (closing its sockets); kills it if it does not within 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.send({ cmd: "exit" });
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
