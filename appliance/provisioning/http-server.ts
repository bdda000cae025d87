// The provisioning HTTP server (node:http): GET/HEAD only, small bounded requests, every
// decision taken by ProvisioningService.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../base/index.ts";
import type { ProvisioningService } from "./provisioning-service.ts";

const MAX_TARGET_LENGTH = 2048;

export class ProvisioningHttpServer {
  private readonly server: Server;

  constructor(
    private readonly service: ProvisioningService,
    private readonly log: Logger,
  ) {
    this.server = createServer(
      { maxHeaderSize: 8192, requestTimeout: 15_000, headersTimeout: 10_000 },
      (req, res) => {
        this.handle(req, res).catch((err: unknown) => {
          this.log.error("provisioning request failed", { err });
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
      },
    );
    this.server.maxConnections = 64;
    this.server.keepAliveTimeout = 5_000;
  }

  async listen(port: number, host?: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  /** Idempotent. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? "/";
    if (target.length > MAX_TARGET_LENGTH) {
      res.writeHead(414).end();
      return;
    }
    const userAgent = req.headers["user-agent"];
    const authorization = req.headers.authorization;
    const result = await this.service.fetch({
      protocol: "http",
      method: req.method ?? "GET",
      target,
      source: req.socket.remoteAddress ?? "?",
      ...(userAgent !== undefined ? { userAgent } : {}),
      ...(authorization !== undefined ? { authorization } : {}),
    });
    const headers: Record<string, string | number> = { "Cache-Control": "no-store" };
    if (result.challenge) headers["WWW-Authenticate"] = result.challenge;
    if (result.status === 405) headers.Allow = "GET, HEAD";
    if (result.status !== 200 || result.body === undefined) {
      res.writeHead(result.status, headers).end();
      return;
    }
    const body = Buffer.from(result.body, "utf8");
    headers["Content-Type"] = result.contentType ?? "application/octet-stream";
    headers["Content-Length"] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  }
}
