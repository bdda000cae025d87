// The local admin endpoint: `GET /status` → ApplianceStatus as JSON, on 127.0.0.1 by default
// (the Pulumi side reaches it through its SSH session; it is never forwarded). Anything else:
// 404; methods other than GET/HEAD: 405. The same JSON is written to <stateDir>/status.json
// whenever a trunk changes state, for tools that read files.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Logger } from "../base/index.ts";
import { writeFileDurable } from "../store/index.ts";
import type { ApplianceStatus } from "./appliance-status.ts";

export class StatusEndpoint {
  private server: Server | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly status: () => ApplianceStatus,
    private readonly logger: Logger,
  ) {}

  async listen(port: number, host: string): Promise<AddressInfo> {
    const server = createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0];
      if (path !== "/status") {
        res.writeHead(404).end();
        return;
      }
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { Allow: "GET, HEAD" }).end();
        return;
      }
      const body = `${JSON.stringify(this.status(), null, 2)}\n`;
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    return server.address() as AddressInfo;
  }

  /** Writes status.json (durably; writes are serialised so the last state wins). */
  writeFile(stateDir: string): Promise<void> {
    this.writing = this.writing
      .then(() =>
        writeFileDurable(join(stateDir, "status.json"), `${JSON.stringify(this.status(), null, 2)}\n`),
      )
      .catch((err: unknown) => this.logger.warn("status file not written", { err }));
    return this.writing;
  }

  /** Idempotent. */
  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s?.listening) await new Promise<void>((resolve) => s.close(() => resolve()));
    await this.writing;
  }
}
