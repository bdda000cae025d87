// One SSH session over ssh2: run commands (with optional stdin) and upload files, no shell state
// between calls. The host key is pinned when a SHA-256 fingerprint is given.
import { createHash } from "node:crypto";
import { Client, type ConnectConfig } from "ssh2";
import { RemoteCommandError, SshError } from "./ssh-errors.ts";

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  /** OpenSSH or PEM private key (a secret). */
  privateKey: string;
  /** `SHA256:…` as `ssh-keygen -lf` prints it; when set, any other host key is refused. */
  hostKeySha256?: string;
  /** Per-connection handshake timeout. */
  readyTimeoutMs?: number;
}

export interface ExecResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  stdin?: string;
  /** Kill the wait after this long (the session is closed by the caller). */
  timeoutMs?: number;
}

/** What the appliance push needs from a remote machine (a fake implements it in unit tests). */
export interface RemoteShell {
  readonly host: string;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Runs and insists on exit 0; `what` names the step in the error. */
  run(what: string, command: string, options?: ExecOptions): Promise<string>;
}

export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

export class SshSession implements RemoteShell {
  private constructor(
    private readonly client: Client,
    readonly host: string,
  ) {}

  static connect(target: SshTarget): Promise<SshSession> {
    const client = new Client();
    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: target.username,
      privateKey: target.privateKey,
      readyTimeout: target.readyTimeoutMs ?? 10_000,
    };
    const pinned = target.hostKeySha256;
    if (pinned) config.hostVerifier = (key: Buffer) => hostKeyFingerprint(key) === pinned;
    return new Promise((resolve, reject) => {
      client.once("ready", () => resolve(new SshSession(client, target.host)));
      client.once("error", (err) => reject(new SshError(target.host, err.message, { cause: err })));
      client.connect(config);
    });
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, channel) => {
        if (err) return reject(new SshError(this.host, `exec failed: ${err.message}`, { cause: err }));
        let stdout = "";
        let stderr = "";
        const timer =
          options.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                channel.close();
                reject(new SshError(this.host, `command timed out after ${options.timeoutMs} ms`));
              }, options.timeoutMs);
        channel.on("data", (chunk: Buffer) => {
          stdout += chunk.toString("utf8");
        });
        channel.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString("utf8");
        });
        channel.on("close", (code: number | null) => {
          if (timer) clearTimeout(timer);
          resolve({ exitCode: typeof code === "number" ? code : null, stdout, stderr });
        });
        channel.end(options.stdin ?? "");
      });
    });
  }

  async run(what: string, command: string, options?: ExecOptions): Promise<string> {
    const result = await this.exec(command, options);
    if (result.exitCode !== 0) throw new RemoteCommandError(this.host, what, result.exitCode, result.stderr);
    return result.stdout;
  }

  close(): void {
    this.client.end();
  }
}

/** Opens a session, runs `body`, always closes it. */
export async function withSsh<T>(target: SshTarget, body: (session: SshSession) => Promise<T>): Promise<T> {
  const session = await SshSession.connect(target);
  try {
    return await body(session);
  } finally {
    session.close();
  }
}
