// A baresip phone on loopback for the call tests: its own config dir, SIP port, ctrl_tcp port and
// RTP range, playing one WAV and recording what it hears (sndfile: dump-*-dec.wav). Driven over
// ctrl_tcp with netstring JSON; every wait is bounded; stop() kills the process.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { renderBaresipAccounts, renderBaresipConfig } from "../lab/baresip-config.ts";
import { type BaresipEvent, netstring, parseNetstrings } from "../lab/baresip-ctrl.ts";

export interface LoopbackPhoneOptions {
  dir: string;
  user: string;
  /** "127.0.0.1:5080": the PBX's registrar. */
  registrar: string;
  sipPort: number;
  ctrlPort: number;
  rtpPorts: readonly [number, number];
  audio: string;
  autoAnswer?: boolean;
  /** Digest password, for a registrar that challenges. */
  password?: string;
  /** baresip -s: every SIP message sent and received is printed into `log`. */
  sipTrace?: boolean;
}

export class LoopbackPhone {
  readonly events: BaresipEvent[] = [];
  private socket: Socket | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending = new Map<string, (r: { ok: boolean; data: string }) => void>();
  private readonly waiters = new Set<() => void>();
  private token = 1;
  private readonly recordDir: string;
  readonly log: string[] = [];

  private constructor(
    private readonly proc: ChildProcess,
    readonly o: LoopbackPhoneOptions,
  ) {
    this.recordDir = join(o.dir, "recordings");
    // Bounded by size (a SIP trace is chatty), not by chunk count.
    let kept = 0;
    const keep = (b: Buffer) => {
      if (kept > 16 * 1024 * 1024) return;
      kept += b.length;
      this.log.push(b.toString());
    };
    proc.stdout?.on("data", keep);
    proc.stderr?.on("data", keep);
  }

  static async start(o: LoopbackPhoneOptions): Promise<LoopbackPhone> {
    const recordDir = join(o.dir, "recordings");
    mkdirSync(recordDir, { recursive: true });
    writeFileSync(
      join(o.dir, "config"),
      renderBaresipConfig({
        listenAddress: "127.0.0.1",
        sipPort: o.sipPort,
        ctrlPort: o.ctrlPort,
        rtpPorts: o.rtpPorts,
        audio: o.audio,
        recordDir,
      }),
    );
    writeFileSync(
      join(o.dir, "accounts"),
      renderBaresipAccounts(
        {
          username: o.user,
          registrar: o.registrar,
          autoAnswer: o.autoAnswer ?? true,
          ...(o.password ? { password: o.password } : {}),
        },
        "127.0.0.1",
      ),
    );
    writeFileSync(join(o.dir, "contacts"), "");
    const proc = spawn("baresip", ["-4", ...(o.sipTrace ? ["-s"] : []), "-f", o.dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const phone = new LoopbackPhone(proc, o);
    try {
      await phone.connectCtrl(10_000);
    } catch (err) {
      phone.stop();
      throw err;
    }
    return phone;
  }

  private async connectCtrl(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        this.socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(this.o.ctrlPort, "127.0.0.1");
          s.once("connect", () => resolve(s));
          s.once("error", reject);
        });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await sleep(100);
      }
    }
    this.socket.on("data", (chunk: Buffer) => this.receive(chunk));
    this.socket.on("error", () => {});
    await this.command("reginfo");
  }

  private receive(chunk: Buffer): void {
    const { messages, rest } = parseNetstrings(Buffer.concat([this.buffer, chunk]));
    this.buffer = rest;
    for (const text of messages) {
      const msg = JSON.parse(text) as {
        event?: boolean;
        response?: boolean;
        ok?: boolean;
        data?: string;
        token?: string;
      };
      if (msg.event) this.events.push(msg as BaresipEvent);
      else if (msg.response && msg.token) {
        this.pending.get(msg.token)?.({ ok: msg.ok === true, data: msg.data ?? "" });
        this.pending.delete(msg.token);
      }
    }
    for (const w of this.waiters) w();
  }

  command(command: string, params?: string, timeoutMs = 5000): Promise<{ ok: boolean; data: string }> {
    const token = String(this.token++);
    const body = JSON.stringify(params === undefined ? { command, token } : { command, params, token });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new Error(`${this.o.user}: baresip did not answer ${command} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(token, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.socket?.write(netstring(body));
    });
  }

  mark(): number {
    return this.events.length;
  }

  waitFor(type: string, timeoutMs: number, from = 0): Promise<BaresipEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.slice(from).find((e) => e.type === type);
        if (found) done(() => resolve(found));
      };
      const done = (f: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        f();
      };
      const timer = setTimeout(
        () =>
          done(() =>
            reject(
              new Error(
                `${this.o.user}: no ${type} within ${timeoutMs} ms; events: ${this.events.map((e) => e.type).join(",")}`,
              ),
            ),
          ),
        timeoutMs,
      );
      this.waiters.add(check);
      check();
    });
  }

  async waitRegistered(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = await this.command("reginfo");
      if (/\bOK\b/.test(info.data.replace(/\x1b\[[0-9;]*m/g, " "))) return;
      if (Date.now() > deadline) throw new Error(`${this.o.user}: not registered: ${info.data}`);
      await sleep(100);
    }
  }

  /** The recording of what the phone heard in its n-th latest call (0 = latest). */
  heard(back = 0): string {
    const files = readdirSync(this.recordDir)
      .filter((f) => f.endsWith("-dec.wav"))
      .map((f) => join(this.recordDir, f))
      .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
    const f = files.at(-1 - back);
    if (!f) throw new Error(`${this.o.user}: no recording`);
    return f;
  }

  /** Kills baresip (idempotent); resolves once it exited (bounded). */
  async stop(): Promise<void> {
    this.socket?.destroy();
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.proc.once("exit", () => r()));
    this.proc.kill("SIGTERM");
    const t = setTimeout(() => this.proc.kill("SIGKILL"), 2000);
    await Promise.race([exited, sleep(4000)]);
    clearTimeout(t);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
