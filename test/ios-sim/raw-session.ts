// TEST DOUBLE helper — a bare SSH shell on the simulator, for tests that look at exactly what
// the CLI prints (pagers, password prompts, help) without pibx's own client in between.
import ssh2, { type ClientChannel } from "ssh2";
import { sshAlgorithmsFor } from "../../infra/router/cisco-ios/ssh-algorithms.ts";
import type { IosSim } from "./ios-sim-server.ts";

export class RawSession {
  private text = "";
  private onText: (() => void) | undefined;
  private constructor(
    private readonly client: ssh2.Client,
    private readonly channel: ClientChannel,
  ) {
    channel.on("data", (d: Buffer) => {
      this.text += d.toString("latin1");
      this.onText?.();
    });
  }

  static async open(sim: IosSim, username: string, password: string): Promise<RawSession> {
    const client = new ssh2.Client();
    const algorithms = sshAlgorithmsFor("cisco-ios");
    const channel = await new Promise<ClientChannel>((resolve, reject) => {
      client.once("error", reject);
      client.once("ready", () =>
        client.shell({ term: "vt100" }, (err, ch) => (err ? reject(err) : resolve(ch))),
      );
      client.connect({
        host: sim.host,
        port: sim.port,
        username,
        password,
        ...(algorithms ? { algorithms } : {}),
      });
    });
    return new RawSession(client, channel);
  }

  send(keys: string): void {
    this.channel.write(keys);
  }

  /** Waits (bounded) until everything received so far matches `re`; returns it and starts afresh. */
  waitFor(re: RegExp, timeoutMs = 5000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.onText = undefined;
        reject(new Error(`timed out waiting for ${re}; got ${JSON.stringify(this.text)}`));
      }, timeoutMs);
      const check = () => {
        if (!re.test(this.text)) return;
        clearTimeout(timer);
        this.onText = undefined;
        const got = this.text;
        this.text = "";
        resolve(got);
      };
      this.onText = check;
      check();
    });
  }

  close(): void {
    this.client.end();
  }
}
