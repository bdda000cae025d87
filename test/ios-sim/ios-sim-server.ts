// TEST DOUBLE — an SSH server that answers like a Cisco 1841 (IOS 12.4): it offers only the
// algorithms such a router has (group1/group14-sha1, aes-cbc/3des-cbc, hmac-sha1, ssh-rsa), logs
// in with a username and password, and runs one SimCli per shell. 127.0.0.1, ephemeral port.
import { generateKeyPairSync } from "node:crypto";
import type { AddressInfo } from "node:net";
import ssh2, { type Connection, type Server } from "ssh2";
import { SimCli, type SimCliHost } from "./sim-cli.ts";
import { SimRunningConfig } from "./sim-running-config.ts";

export interface SimUser {
  username: string;
  password: string;
  /** 15 lands in privileged EXEC (`Router#`), anything else in user EXEC (`Router>`). */
  privilege: number;
}

export interface IosSimOptions {
  /** The running-config at power-on (a `show running-config`-like text). */
  initialConfig: string;
  users: SimUser[];
  enableSecret?: string;
  /** What the simulated ISP router leases to an `ip address dhcp` interface, by interface name. */
  dhcpLeases?: Record<string, string>;
}

export const IOS_1841_ALGORITHMS = {
  kex: ["diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1"],
  cipher: ["aes128-cbc", "3des-cbc", "aes192-cbc", "aes256-cbc"],
  serverHostKey: ["ssh-rsa"],
  hmac: ["hmac-sha1", "hmac-sha1-96"],
  compress: ["none"],
} as const;

let hostKey: string | undefined;
/** One RSA host key per test process (generating 2048-bit keys is slow on a shared core). */
function rsaHostKey(): string {
  hostKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "pkcs1", format: "pem" },
  }).privateKey;
  return hostKey;
}

export class IosSim implements SimCliHost {
  readonly configLog: string[] = [];
  config: SimRunningConfig;
  startup: string;
  writes = 0;
  port = 0;
  readonly host = "127.0.0.1";
  private readonly server: Server;
  private readonly connections = new Set<Connection>();

  private constructor(private readonly options: IosSimOptions) {
    this.config = SimRunningConfig.load(options.initialConfig);
    this.startup = this.config.render();
    this.server = new ssh2.Server(
      {
        hostKeys: [rsaHostKey()],
        ident: "Cisco-1.25",
        algorithms: {
          kex: [...IOS_1841_ALGORITHMS.kex],
          cipher: [...IOS_1841_ALGORITHMS.cipher],
          serverHostKey: [...IOS_1841_ALGORITHMS.serverHostKey],
          hmac: [...IOS_1841_ALGORITHMS.hmac],
          compress: [...IOS_1841_ALGORITHMS.compress],
        },
      },
      (client) => this.onClient(client),
    );
  }

  get enableSecret(): string | undefined {
    return this.options.enableSecret;
  }

  get dhcpLeases(): Record<string, string> {
    return this.options.dhcpLeases ?? {};
  }

  static async start(options: IosSimOptions): Promise<IosSim> {
    const sim = new IosSim(options);
    await new Promise<void>((resolve) => sim.server.listen(0, "127.0.0.1", resolve));
    sim.port = (sim.server.address() as AddressInfo).port;
    return sim;
  }

  save(): void {
    this.writes++;
    this.startup = this.config.render();
  }

  /** What `show running-config` prints now. */
  showRunning(): string {
    return this.config.show();
  }

  private onClient(client: Connection): void {
    this.connections.add(client);
    // A CLI answers keystroke by keystroke: no Nagle delay. (ssh2 has it; its typings miss it.)
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    client.on("close", () => this.connections.delete(client));
    client.on("error", () => {});
    let user: SimUser | undefined;
    client.on("authentication", (ctx) => {
      if (ctx.method === "password") {
        user = this.options.users.find((u) => u.username === ctx.username && u.password === ctx.password);
        if (user) return ctx.accept();
      }
      ctx.reject(["password"]);
    });
    client.on("ready", () => {
      client.on("session", (acceptSession) => {
        const session = acceptSession();
        session.on("pty", (accept) => accept?.());
        session.on("window-change", (accept) => accept?.());
        session.on("shell", (acceptShell) => {
          const stream = acceptShell();
          const cli = new SimCli(
            this,
            (user?.privilege ?? 1) >= 15,
            (s) => stream.write(s),
            () => {
              stream.exit(0);
              stream.end();
            },
          );
          stream.on("data", (d: Buffer) => cli.onData(d.toString("latin1")));
        });
      });
    });
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.end();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
