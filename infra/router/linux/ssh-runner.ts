// Scripts over SSH (ssh2, key authentication): one connection, one `exec` channel per script, the
// script written to the channel's stdin so that nothing of it lands in the router's process list.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { Duplex } from "node:stream";
import ssh2, { type Client, type ConnectConfig } from "ssh2";
import type { CommandRunner, ScriptResult } from "./command-runner.ts";
import { LinuxSessionError } from "./linux-errors.ts";

export interface LinuxSshTarget {
  host: string;
  port: number;
  username: string;
  /** OpenSSH or PEM private key text (a Pulumi secret upstream: never logged). */
  privateKey: string;
  passphrase?: string;
  /** Pins the router's host key: OpenSSH's `SHA256:…` fingerprint. Absent: any key is accepted. */
  hostKeySha256?: string;
  /** A command whose stdin/stdout is the TCP stream to the router (like OpenSSH's ProxyCommand). */
  proxyArgv?: string[];
  /** Longest wait for the connection and for each script (ms). */
  timeoutMs?: number;
}

export function sshFingerprint(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

function proxyStream(argv: string[]): { sock: Duplex; stop: () => void } {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ["pipe", "pipe", "ignore"] });
  child.stdin.on("error", () => {});
  const sock = Duplex.from({ readable: child.stdout, writable: child.stdin });
  sock.on("error", () => {});
  child.on("exit", () => sock.push(null));
  return { sock, stop: () => child.kill() };
}

export class SshRunner implements CommandRunner {
  private constructor(
    readonly client: Client,
    private readonly timeoutMs: number,
    private readonly stopProxy: () => void,
  ) {}

  static async open(target: LinuxSshTarget): Promise<SshRunner> {
    const timeoutMs = target.timeoutMs ?? 15_000;
    const client = new ssh2.Client();
    const proxy = target.proxyArgv ? proxyStream(target.proxyArgv) : undefined;
    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: target.username,
      privateKey: target.privateKey,
      readyTimeout: timeoutMs,
      ...(target.passphrase ? { passphrase: target.passphrase } : {}),
      ...(proxy ? { sock: proxy.sock } : {}),
      ...(target.hostKeySha256
        ? { hostVerifier: (key: Buffer) => sshFingerprint(key) === target.hostKeySha256 }
        : {}),
    };
    await new Promise<void>((resolve, reject) => {
      client.once("error", (e) => {
        proxy?.stop();
        reject(new LinuxSessionError(/auth/i.test(e.message) ? "login" : "connect", e.message));
      });
      client.once("ready", () => resolve());
      client.connect(config);
    });
    return new SshRunner(client, timeoutMs, proxy?.stop ?? (() => {}));
  }

  run(script: string): Promise<ScriptResult> {
    return new Promise((resolve, reject) => {
      this.client.exec("sh -s", (err, channel) => {
        if (err) return reject(new LinuxSessionError("exec", err.message));
        let stdout = "";
        let stderr = "";
        let code = 128;
        const timer = setTimeout(() => {
          channel.close();
          reject(new LinuxSessionError("timeout", `no answer within ${this.timeoutMs} ms`));
        }, this.timeoutMs);
        channel.on("data", (d: Buffer) => {
          stdout += d.toString("utf8");
        });
        channel.stderr.on("data", (d: Buffer) => {
          stderr += d.toString("utf8");
        });
        channel.on("exit", (c: number | null) => {
          code = c ?? 128;
        });
        channel.on("close", () => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr });
        });
        channel.end(script);
      });
    });
  }

  close(): void {
    this.client.end();
    this.stopProxy();
  }
}
