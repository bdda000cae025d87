// One TCP or TLS connection carrying SIP: stream framing (RFC 3261 §18.3), CRLF keepalive
// answers (RFC 5626 §3.5.1), an idle timeout on the injected clock, idempotent close.
import type { Socket } from "node:net";
import { type Clock, type Logger, ParseError, type TimerHandle, TransportError } from "../../base/index.ts";
import { type ParseLimits, StreamFramer } from "../message/index.ts";
import type { Endpoint } from "./types.ts";

export interface ConnectionHandlers {
  /** One framed message (head + Content-Length body). */
  onFrame(bytes: Buffer, conn: StreamConnection): void;
  /** The stream could not be framed; the connection is closed right after. */
  onFramingError(err: ParseError, conn: StreamConnection): void;
  /** Raw bytes arrived (before framing): return false to drop them and close (rate limits). */
  allowData?(size: number, conn: StreamConnection): boolean;
  onClose(conn: StreamConnection): void;
}

export class StreamConnection {
  private readonly framer: StreamFramer;
  private idleTimer: TimerHandle | undefined;
  private closed = false;
  readonly remote: Endpoint;
  readonly local: Endpoint;

  constructor(
    readonly id: number,
    readonly protocol: "TCP" | "TLS",
    private readonly socket: Socket,
    private readonly opts: {
      clock: Clock;
      logger: Logger;
      idleTimeoutMs: number;
      limits?: Partial<ParseLimits>;
      handlers: ConnectionHandlers;
    },
  ) {
    this.framer = new StreamFramer(opts.limits);
    this.remote = { address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0 };
    this.local = { address: socket.localAddress ?? "", port: socket.localPort ?? 0 };
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (err) => opts.logger.debug("connection error", { id, err }));
    socket.on("close", () => this.close());
    this.touch();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  write(bytes: Buffer): Promise<void> {
    if (this.closed)
      return Promise.reject(
        new TransportError("connection closed", `${this.remote.address}:${this.remote.port}`),
      );
    this.touch();
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (err) => {
        if (err)
          reject(new TransportError("write failed", `${this.remote.address}:${this.remote.port}`, err));
        else resolve();
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.opts.clock.clearTimeout(this.idleTimer);
    this.socket.destroy();
    this.opts.handlers.onClose(this);
  }

  private touch(): void {
    this.opts.clock.clearTimeout(this.idleTimer);
    if (this.closed) return;
    this.idleTimer = this.opts.clock.setTimeout(() => {
      this.opts.logger.debug("idle connection closed", { id: this.id });
      this.close();
    }, this.opts.idleTimeoutMs);
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.touch();
    const h = this.opts.handlers;
    if (h.allowData && !h.allowData(chunk.length, this)) {
      this.close();
      return;
    }
    let events: ReturnType<StreamFramer["push"]>;
    try {
      events = this.framer.push(chunk);
    } catch (err) {
      if (err instanceof ParseError) h.onFramingError(err, this);
      else this.opts.logger.error("framer failure", { err });
      this.close();
      return;
    }
    for (const e of events) {
      if (e.type === "ping") {
        // RFC 5626 §3.5.1: answer a double-CRLF ping with a single CRLF pong.
        this.socket.write("\r\n");
      } else if (e.type === "message") {
        try {
          h.onFrame(e.bytes, this);
        } catch (err) {
          this.opts.logger.error("frame handler threw", { err });
        }
      }
      if (this.closed) return;
    }
  }
}
