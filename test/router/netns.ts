// Private namespaces for the router tests, named `pibxr-*` (never `pibx-*`: the virtual lab's
// `down` removes those). Every command is bounded; every namespace is removed by its test.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(argv: readonly string[], input = "", timeoutMs = 20_000): Promise<Run> {
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
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128, stdout, stderr });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

export async function must(argv: readonly string[], input = ""): Promise<string> {
  const r = await run(argv, input);
  if (r.code !== 0) throw new Error(`${argv.join(" ")} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

export const inNs = (ns: string, argv: readonly string[]): string[] => ["ip", "netns", "exec", ns, ...argv];

/** A set of namespaces with one random tag, created on demand and all removed by `destroy`. */
export class NamespaceSet {
  readonly tag = randomBytes(3).toString("hex");
  private readonly created: string[] = [];

  name(role: string): string {
    return `pibxr-${this.tag}-${role}`;
  }

  async add(role: string): Promise<string> {
    const ns = this.name(role);
    await must(["ip", "netns", "add", ns]);
    this.created.push(ns);
    await must(["ip", "-n", ns, "link", "set", "lo", "up"]);
    return ns;
  }

  /** A veth pair between two namespaces (names ≤ 15 characters). */
  async link(a: string, aName: string, b: string, bName: string): Promise<void> {
    await must(["ip", "-n", a, "link", "add", aName, "type", "veth", "peer", "name", bName, "netns", b]);
    await must(["ip", "-n", a, "link", "set", aName, "up"]);
    await must(["ip", "-n", b, "link", "set", bName, "up"]);
  }

  async destroy(): Promise<void> {
    for (const ns of this.created.reverse()) await run(["ip", "netns", "del", ns]);
    this.created.length = 0;
  }
}
