// An interactive IOS CLI over SSH (ssh2 client, pty + shell, as a person's terminal would be):
// login, `enable`, `terminal length 0`, then one command at a time, each read up to the next prompt.
import ssh2, { type Client, type ClientChannel, type ConnectConfig } from "ssh2";
import { IosSessionError } from "../router-errors.ts";
import type { RouterKind } from "../router-intent.ts";
import { escapeForIosCli } from "./cli-escape.ts";
import { CONFIRMATIONS, MORE_RE, PROMPT_RE, stripPager } from "./ios-output.ts";
import { sshAlgorithmsFor } from "./ssh-algorithms.ts";

export interface IosTarget {
  kind: RouterKind;
  host: string;
  port: number;
  username: string;
  password: string;
  enableSecret?: string;
  /** Pins the router's host key (return false to refuse it). */
  hostVerifier?: (key: Buffer) => boolean;
  /** Longest wait for the connection, and for each prompt (ms). */
  timeoutMs?: number;
}

export interface NegotiatedAlgorithms {
  kex: string;
  serverHostKey: string;
  cipher: string;
  mac: string;
}

export class IosShell {
  private buffer = "";
  private waiter: (() => void) | undefined;
  private closed = false;
  /** The prompt the last command ended on (`Router(config)#`). */
  prompt = "";

  private constructor(
    private readonly client: Client,
    private readonly channel: ClientChannel,
    readonly negotiated: NegotiatedAlgorithms,
    private readonly timeoutMs: number,
  ) {
    channel.on("data", (d: Buffer) => {
      this.buffer += d.toString("latin1");
      this.waiter?.();
    });
    channel.on("close", () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  /** Connects, logs in, enters privileged EXEC and turns paging off. */
  static async open(target: IosTarget): Promise<IosShell> {
    const timeoutMs = target.timeoutMs ?? 15_000;
    const client = new ssh2.Client();
    let negotiated: NegotiatedAlgorithms = { kex: "", serverHostKey: "", cipher: "", mac: "" };
    client.on("handshake", (n) => {
      negotiated = { kex: n.kex, serverHostKey: n.serverHostKey, cipher: n.cs.cipher, mac: n.cs.mac };
    });
    const algorithms = sshAlgorithmsFor(target.kind);
    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: target.username,
      password: target.password,
      readyTimeout: timeoutMs,
      // IOS answers `keyboard-interactive` on some images and `password` on others.
      tryKeyboard: true,
      ...(algorithms ? { algorithms } : {}),
      ...(target.hostVerifier ? { hostVerifier: target.hostVerifier } : {}),
    };
    client.on("keyboard-interactive", (_n, _i, _l, prompts, finish) =>
      finish(prompts.map(() => target.password)),
    );
    const channel = await new Promise<ClientChannel>((resolve, reject) => {
      client.once("error", (e) =>
        reject(new IosSessionError(/auth/i.test(e.message) ? "login" : "connect", e.message)),
      );
      client.once("ready", () => {
        client.setNoDelay(true); // one short line per round trip: Nagle would add ~40 ms to each
        client.shell({ term: "vt100", cols: 200, rows: 24 }, (err, ch) => {
          if (err) reject(new IosSessionError("connect", err.message));
          else resolve(ch);
        });
      });
      client.connect(config);
    });
    client.on("error", () => {}); // later errors surface as a closed channel
    const shell = new IosShell(client, channel, negotiated, timeoutMs);
    try {
      await shell.readPrompt();
      if (shell.prompt.endsWith(">")) await shell.enable(target.enableSecret);
      await shell.exec("terminal length 0");
    } catch (e) {
      shell.close();
      throw e;
    }
    return shell;
  }

  private async enable(secret: string | undefined): Promise<void> {
    this.channel.write("enable\r");
    const out = await this.readUntil((b) => /Password: ?$/.test(b) || PROMPT_RE.test(b));
    if (/Password: ?$/.test(out)) {
      if (secret === undefined)
        throw new IosSessionError("enable", "the router asks for an enable secret and none was given");
      this.channel.write(`${secret}\r`);
      const answer = await this.readUntil((b) => /Password: ?$/.test(b) || PROMPT_RE.test(b));
      if (/Password: ?$/.test(answer) || /% (Bad secrets|Access denied)/.test(answer)) {
        throw new IosSessionError("enable", "the enable secret was refused");
      }
      this.prompt = PROMPT_RE.exec(answer)?.[1] ?? "";
    } else this.prompt = PROMPT_RE.exec(out)?.[1] ?? "";
    if (!this.prompt.endsWith("#"))
      throw new IosSessionError("enable", `still unprivileged at ${this.prompt}`);
  }

  /**
   * Types one line and returns what IOS printed before the next prompt, starting with the echo of
   * the line. Pages (`--More--`) are turned; confirmations are answered yes.
   */
  async exec(line: string): Promise<string> {
    this.channel.write(`${escapeForIosCli(line)}\r`);
    return this.readPrompt();
  }

  private async readPrompt(): Promise<string> {
    let out = "";
    for (;;) {
      const chunk = await this.readUntil(
        (b) => PROMPT_RE.test(b) || MORE_RE.test(b) || CONFIRMATIONS.some((c) => c.re.test(b)),
      );
      out += chunk;
      if (MORE_RE.test(chunk)) {
        this.channel.write(" ");
        continue;
      }
      const confirm = CONFIRMATIONS.find((c) => c.re.test(chunk));
      if (confirm && !PROMPT_RE.test(chunk)) {
        this.channel.write(confirm.answer);
        continue;
      }
      break;
    }
    const clean = stripPager(out).replace(/\r/g, "");
    const m = PROMPT_RE.exec(clean);
    this.prompt = m?.[1] ?? this.prompt;
    return m ? clean.slice(0, m.index + (m[0].startsWith("\n") ? 1 : 0)) : clean;
  }

  /** Waits until the received text satisfies `done`, then takes it all. */
  private readUntil(done: (buffer: string) => boolean): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(
          new IosSessionError(
            "timeout",
            `no prompt within ${this.timeoutMs} ms; last output: ${JSON.stringify(this.buffer.slice(-200))}`,
          ),
        );
      }, this.timeoutMs);
      const check = () => {
        if (done(this.buffer)) {
          clearTimeout(timer);
          this.waiter = undefined;
          const taken = this.buffer;
          this.buffer = "";
          resolve(taken);
        } else if (this.closed) {
          clearTimeout(timer);
          this.waiter = undefined;
          reject(
            new IosSessionError(
              "prompt",
              `the router closed the session; last output: ${JSON.stringify(this.buffer.slice(-200))}`,
            ),
          );
        }
      };
      this.waiter = check;
      check();
    });
  }

  close(): void {
    if (!this.closed) this.channel.end();
    this.closed = true;
    this.client.end();
  }
}
