// A client for baresip's ctrl_tcp module: netstring-framed JSON commands and events. The socket
// lives inside the phone's namespace, so the connection goes through tcp-bridge.ts.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { LabError } from "./lab-error.ts";
import { tcpBridgeArgv } from "./tcp-bridge.ts";
import type { BoxName } from "./topology.ts";

export interface BaresipEvent {
  readonly type: string;
  readonly class?: string;
  readonly accountaor?: string;
  readonly direction?: string;
  readonly peeruri?: string;
  readonly id?: string;
  readonly param?: string;
}

export interface BaresipResponse {
  readonly ok: boolean;
  readonly data: string;
}

interface Message {
  readonly event?: boolean;
  readonly response?: boolean;
  readonly ok?: boolean;
  readonly data?: string;
  readonly token?: string;
  readonly type?: string;
}

/** Splits a stream of netstrings ("<len>:<payload>,", len in bytes); keeps an unfinished tail. */
export function parseNetstrings(buffer: Buffer): { messages: string[]; rest: Buffer } {
  const messages: string[] = [];
  let rest = buffer;
  for (;;) {
    const colon = rest.indexOf(":");
    if (colon < 0) break;
    const len = Number(rest.subarray(0, colon).toString("ascii"));
    if (!Number.isInteger(len))
      throw new LabError(`ctrl_tcp: bad netstring header ${rest.subarray(0, 20).toString()}`);
    if (rest.length < colon + 1 + len + 1) break;
    messages.push(rest.subarray(colon + 1, colon + 1 + len).toString("utf8"));
    rest = rest.subarray(colon + 1 + len + 1);
  }
  return { messages, rest };
}

export const netstring = (s: string): string => `${Buffer.byteLength(s)}:${s},`;

export class BaresipCtrl {
  /** Every event since connecting, in order. */
  readonly events: BaresipEvent[] = [];
  private readonly pending = new Map<string, (r: BaresipResponse) => void>();
  private readonly waiters = new Set<() => void>();
  private nextToken = 1;
  private buffer: Buffer = Buffer.alloc(0);
  private closed = false;

  private constructor(private readonly bridge: ChildProcessWithoutNullStreams) {
    bridge.stdout.on("data", (chunk: Buffer) => this.receive(chunk));
    bridge.on("close", () => {
      this.closed = true;
      for (const w of this.waiters) w();
    });
  }

  /** Connects and resolves once baresip answered a first command: no later event can be missed. */
  static async connect(box: BoxName, port: number): Promise<BaresipCtrl> {
    const argv = tcpBridgeArgv(box, "127.0.0.1", port);
    const ctrl = new BaresipCtrl(spawn(argv[0]!, argv.slice(1), { stdio: ["pipe", "pipe", "pipe"] }));
    try {
      await ctrl.command("reginfo", undefined, 10_000);
    } catch (e) {
      ctrl.close();
      throw e;
    }
    return ctrl;
  }

  private receive(chunk: Buffer): void {
    const { messages, rest } = parseNetstrings(Buffer.concat([this.buffer, chunk]));
    this.buffer = rest;
    for (const text of messages) {
      const msg = JSON.parse(text) as Message;
      if (msg.event) this.events.push(msg as BaresipEvent);
      else if (msg.response && msg.token) {
        this.pending.get(msg.token)?.({ ok: msg.ok === true, data: msg.data ?? "" });
        this.pending.delete(msg.token);
      }
    }
    for (const w of this.waiters) w();
  }

  /** Runs a baresip (menu) command, e.g. command("dial", "sip:…"). */
  command(command: string, params?: string, timeoutMs = 5000): Promise<BaresipResponse> {
    if (this.closed) return Promise.reject(new LabError("baresip ctrl connection is closed"));
    const token = String(this.nextToken++);
    const body = JSON.stringify(params === undefined ? { command, token } : { command, params, token });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new LabError(`baresip did not answer ${command} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(token, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.bridge.stdin.write(netstring(body));
    });
  }

  /** Resolves with the first event at index ≥ `from` matching `match`; rejects after `timeoutMs`. */
  waitForEvent(match: (e: BaresipEvent) => boolean, timeoutMs: number, from = 0): Promise<BaresipEvent> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.events.slice(from).find(match);
        if (found) finish(() => resolve(found));
        else if (this.closed)
          finish(() => reject(new LabError("baresip ctrl connection closed while waiting")));
      };
      const finish = (f: () => void): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        f();
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new LabError(`no matching baresip event within ${timeoutMs} ms`, JSON.stringify(this.events)),
            ),
          ),
        timeoutMs,
      );
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.closed = true;
    this.bridge.stdin.end();
    this.bridge.kill();
  }
}
