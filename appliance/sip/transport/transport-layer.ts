// The SIP transport layer (RFC 3261 §18): UDP, TCP and TLS listeners, connection reuse, request
// sending (§18.1.1), received/rport stamping on requests (§18.2.1, RFC 3581 §4), response routing
// (§18.2.2), and per-source hooks that run before any parsing. Malformed input never throws:
// it is dropped, or answered 400 when the request still frames well enough (§18.3).
//
// Message size (§18.1.1): a request larger than the path MTU SHOULD go over TCP. We do not
// switch transports behind the TU's back (many phones and trunks only listen on UDP); a request
// over UDP is sent as one datagram up to 65,507 octets and larger ones fail with TransportError.
// The TU may choose TCP itself when it builds large requests.
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from "node:dgram";
import { isIPv6, connect as netConnect, createServer as netServer, type Server, type Socket } from "node:net";
import {
  type ConnectionOptions,
  type TLSSocket,
  connect as tlsConnect,
  createServer as tlsServer,
} from "node:tls";
import { type Clock, Logger, ParseError, TransportError } from "../../base/index.ts";
import {
  type ParseLimits,
  parseMessage,
  replyToUnparsable,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  serializeMessage,
} from "../message/index.ts";
import { StreamConnection } from "./connection.ts";
import { responseIsForUs, responseTarget, stampReceived, stampSentBy } from "./routing.ts";
import type { Endpoint, MessageSource, SipSender, Target, TransportProtocol } from "./types.ts";

export interface ListenConfig {
  /** Address to bind (e.g. "0.0.0.0", "::", "127.0.0.1"). */
  address: string;
  /** Port to bind; 0 picks an ephemeral port (tests). */
  port: number;
}

export interface TlsConfig {
  /** PEM certificate chain and private key (from the appliance config). */
  cert: string | Buffer;
  key: string | Buffer;
  /** Trust anchors for outgoing connections (default: the system store). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Verify the peer certificate on outgoing connections (default true). */
  rejectUnauthorized?: boolean;
}

export interface TransportHooks {
  /** Before anything from remote is parsed (each datagram, each TCP/TLS chunk): false drops it. */
  allowPacket?(protocol: TransportProtocol, remote: Endpoint, size: number): boolean;
  /** For each inbound TCP/TLS connection: false closes it at once. */
  allowConnection?(protocol: TransportProtocol, remote: Endpoint): boolean;
  /** Malformed input (after the 400, if one could be sent). */
  onMalformed?(info: { source: MessageSource; error: ParseError; answered: boolean }): void;
}

export interface TransportLayerOptions {
  clock: Clock;
  logger?: Logger;
  limits?: Partial<ParseLimits>;
  udp?: ListenConfig;
  tcp?: ListenConfig;
  tls?: ListenConfig & TlsConfig;
  /** The address (and per-protocol ports) to put in Via sent-by; default the bound ones. */
  advertise?: { address: string; ports?: Partial<Record<TransportProtocol, number>> };
  /** Close TCP/TLS connections idle this long (default 10 minutes). */
  idleTimeoutMs?: number;
  /** Give up connecting after this long (default 10 s). */
  connectTimeoutMs?: number;
  /** Refuse inbound connections beyond this many (default 1024). */
  maxConnections?: number;
  /** Answer malformed requests with 400 where possible (default true). */
  answerMalformed?: boolean;
  /** Put rport in the Via of requests we send (RFC 3581 §3, default true). */
  rport?: boolean;
  /** Drop responses whose top Via is not ours (RFC 3261 §18.1.2, default true). */
  checkResponseSentBy?: boolean;
  hooks?: TransportHooks;
}

type Receiver = (msg: SipMessage, source: MessageSource) => void;

const MAX_UDP = 65_507;

export class SipTransportLayer implements SipSender {
  private readonly logger: Logger;
  private udp: UdpSocket | undefined;
  private readonly servers = new Map<"TCP" | "TLS", Server>();
  private readonly bound = new Map<TransportProtocol, Endpoint>();
  private readonly connections = new Map<number, StreamConnection>();
  /** protocol|address|port → connection, for reuse in both directions. */
  private readonly byPeer = new Map<string, StreamConnection>();
  private readonly connecting = new Map<string, Promise<StreamConnection>>();
  private nextConnectionId = 1;
  private receiver: Receiver | undefined;
  private closed = false;

  constructor(private readonly options: TransportLayerOptions) {
    this.logger = (options.logger ?? Logger.silent()).child({ layer: "transport" });
  }

  /** Registers the upper layer's receiver (the transaction layer's receive). */
  onMessage(receiver: Receiver): void {
    this.receiver = receiver;
  }

  /** Bound addresses, per protocol (useful with ephemeral ports). */
  address(protocol: TransportProtocol): Endpoint | undefined {
    return this.bound.get(protocol);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  async start(): Promise<void> {
    const o = this.options;
    if (o.udp) await this.startUdp(o.udp);
    if (o.tcp) await this.startStream("TCP", o.tcp);
    if (o.tls) await this.startStream("TLS", o.tls);
    for (const [protocol, b] of this.bound) {
      if (!o.advertise && (b.address === "0.0.0.0" || b.address === "::")) {
        this.logger.warn("wildcard bind without an advertised address: Via sent-by will not be routable", {
          protocol,
        });
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of [...this.connections.values()]) c.close();
    const waits: Array<Promise<void>> = [];
    for (const s of this.servers.values()) waits.push(new Promise((r) => s.close(() => r())));
    if (this.udp) {
      const u = this.udp;
      waits.push(new Promise((r) => u.close(() => r())));
    }
    await Promise.all(waits);
  }

  // ---- sending ------------------------------------------------------------------------------

  async sendRequest(req: SipRequest, target: Target): Promise<void> {
    const sentBy = this.advertised(target.protocol);
    if (!sentBy) throw new TransportError(`${target.protocol} is not enabled`, describe(target));
    let stamped: SipRequest;
    try {
      stamped = stampSentBy(req, target.protocol, sentBy, { rport: this.options.rport ?? true });
    } catch (err) {
      throw new TransportError("request has no valid top Via", describe(target), err);
    }
    const bytes = serializeMessage(stamped);
    if (target.protocol === "UDP") return this.sendUdp(bytes, target.address, target.port);
    const flow = target.connectionId === undefined ? undefined : this.connections.get(target.connectionId);
    const conn = flow?.isOpen ? flow : await this.connection(target.protocol, target.address, target.port);
    return conn.write(bytes);
  }

  async sendResponse(res: SipResponse, source?: MessageSource): Promise<void> {
    let t: ReturnType<typeof responseTarget>;
    try {
      t = responseTarget(res, source);
    } catch (err) {
      throw new TransportError("response has no valid top Via", undefined, err);
    }
    const bytes = serializeMessage(res);
    // RFC 3261 §18.2.2: over a reliable transport, the connection the request came on.
    if (t.connectionId !== undefined) {
      const conn = this.connections.get(t.connectionId);
      if (conn?.isOpen) return conn.write(bytes);
    }
    if (t.protocol === "UDP") return this.sendUdp(bytes, t.address, t.port);
    // Otherwise open a connection to received (or sent-by) and the port (§18.2.2).
    const conn = await this.connection(t.protocol, t.address, t.port);
    return conn.write(bytes);
  }

  private advertised(protocol: TransportProtocol): Endpoint | undefined {
    const b = this.bound.get(protocol);
    if (!b) return undefined;
    const a = this.options.advertise;
    return { address: a?.address ?? b.address, port: a?.ports?.[protocol] ?? b.port };
  }

  private ourEndpoints(): Endpoint[] {
    const out: Endpoint[] = [];
    for (const p of this.bound.keys()) {
      out.push(this.bound.get(p)!);
      const a = this.advertised(p);
      if (a) out.push(a);
    }
    return out;
  }

  private sendUdp(bytes: Buffer, address: string, port: number): Promise<void> {
    const sock = this.udp;
    if (!sock) return Promise.reject(new TransportError("UDP is not enabled", `${address}:${port}`));
    if (bytes.length > MAX_UDP)
      return Promise.reject(new TransportError("message too large for UDP", `${address}:${port}`));
    return new Promise((resolve, reject) => {
      sock.send(bytes, port, address, (err) => {
        if (err) reject(new TransportError("UDP send failed", `${address}:${port}`, err));
        else resolve();
      });
    });
  }

  /** An open connection to the peer: reused if one exists (either direction), else opened. */
  private async connection(
    protocol: "TCP" | "TLS",
    address: string,
    port: number,
  ): Promise<StreamConnection> {
    const key = peerKey(protocol, address, port);
    const existing = this.byPeer.get(key);
    if (existing?.isOpen) return existing;
    const pending = this.connecting.get(key);
    if (pending) return pending;
    const p = this.connect(protocol, address, port).finally(() => this.connecting.delete(key));
    this.connecting.set(key, p);
    return p;
  }

  private connect(protocol: "TCP" | "TLS", address: string, port: number): Promise<StreamConnection> {
    if (this.closed) return Promise.reject(new TransportError("transport closed", `${address}:${port}`));
    const tls = this.options.tls;
    if (protocol === "TLS" && !tls)
      return Promise.reject(new TransportError("TLS is not enabled", `${address}:${port}`));
    return new Promise((resolve, reject) => {
      let socket: Socket;
      const ready = protocol === "TLS" ? "secureConnect" : "connect";
      if (protocol === "TLS" && tls) {
        const opts: ConnectionOptions = {
          host: address,
          port,
          cert: tls.cert,
          key: tls.key,
          rejectUnauthorized: tls.rejectUnauthorized ?? true,
        };
        if (tls.ca) opts.ca = tls.ca;
        socket = tlsConnect(opts);
      } else socket = netConnect({ host: address, port });
      const timer = this.options.clock.setTimeout(() => {
        socket.destroy();
        reject(new TransportError("connect timed out", `${address}:${port}`));
      }, this.options.connectTimeoutMs ?? 10_000);
      socket.once("error", (err) => {
        this.options.clock.clearTimeout(timer);
        reject(new TransportError("connect failed", `${address}:${port}`, err));
      });
      socket.once(ready, () => {
        this.options.clock.clearTimeout(timer);
        const conn = this.adopt(protocol, socket);
        // Register under the target we dialled too (it may differ from remoteAddress formatting).
        this.byPeer.set(peerKey(protocol, address, port), conn);
        resolve(conn);
      });
    });
  }

  // ---- listening ----------------------------------------------------------------------------

  private startUdp(cfg: ListenConfig): Promise<void> {
    const sock = createSocket({ type: isIPv6(cfg.address) ? "udp6" : "udp4", reuseAddr: false });
    this.udp = sock;
    sock.on("message", (msg: Buffer, rinfo: RemoteInfo) => this.onDatagram(msg, rinfo));
    sock.on("error", (err) => this.logger.warn("UDP socket error", { err }));
    return new Promise((resolve, reject) => {
      sock.once("error", reject);
      sock.bind(cfg.port, cfg.address, () => {
        sock.off("error", reject);
        const a = sock.address();
        this.bound.set("UDP", { address: a.address, port: a.port });
        resolve();
      });
    });
  }

  private startStream(protocol: "TCP" | "TLS", cfg: ListenConfig & Partial<TlsConfig>): Promise<void> {
    const onSocket = (socket: Socket): void => this.onInbound(protocol, socket);
    const server =
      protocol === "TLS"
        ? tlsServer({ cert: cfg.cert, key: cfg.key }, (s: TLSSocket) => onSocket(s))
        : netServer((s) => onSocket(s));
    server.on("error", (err) => this.logger.warn("listener error", { protocol, err }));
    if (protocol === "TLS")
      server.on("tlsClientError", (err) => this.logger.debug("TLS handshake failed", { err }));
    this.servers.set(protocol, server);
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(cfg.port, cfg.address, () => {
        server.off("error", reject);
        const a = server.address();
        if (a && typeof a === "object") this.bound.set(protocol, { address: a.address, port: a.port });
        resolve();
      });
    });
  }

  private onInbound(protocol: "TCP" | "TLS", socket: Socket): void {
    const remote = { address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0 };
    const hooks = this.options.hooks;
    if (
      this.closed ||
      this.connections.size >= (this.options.maxConnections ?? 1024) ||
      (hooks?.allowConnection && !hooks.allowConnection(protocol, remote))
    ) {
      socket.destroy();
      return;
    }
    socket.on("error", () => {}); // errors before adoption are handled by close
    this.adopt(protocol, socket);
  }

  private adopt(protocol: "TCP" | "TLS", socket: Socket): StreamConnection {
    const id = this.nextConnectionId++;
    const conn = new StreamConnection(id, protocol, socket, {
      clock: this.options.clock,
      logger: this.logger,
      idleTimeoutMs: this.options.idleTimeoutMs ?? 600_000,
      ...(this.options.limits ? { limits: this.options.limits } : {}),
      handlers: {
        allowData: (size, c) => this.options.hooks?.allowPacket?.(protocol, c.remote, size) ?? true,
        onFrame: (bytes, c) => this.ingest(bytes, this.sourceOf(c), "stream", c),
        onFramingError: (err, c) =>
          this.options.hooks?.onMalformed?.({ source: this.sourceOf(c), error: err, answered: false }),
        onClose: (c) => {
          this.connections.delete(c.id);
          for (const [k, v] of this.byPeer) if (v === c) this.byPeer.delete(k);
        },
      },
    });
    this.connections.set(id, conn);
    this.byPeer.set(peerKey(protocol, conn.remote.address, conn.remote.port), conn);
    return conn;
  }

  private sourceOf(c: StreamConnection): MessageSource {
    return { protocol: c.protocol, remote: c.remote, local: c.local, connectionId: c.id };
  }

  private onDatagram(bytes: Buffer, rinfo: RemoteInfo): void {
    const remote = { address: rinfo.address, port: rinfo.port };
    if (this.options.hooks?.allowPacket && !this.options.hooks.allowPacket("UDP", remote, bytes.length))
      return;
    // CRLF keepalives over UDP carry nothing to parse.
    if (bytes.every((b) => b === 0x0d || b === 0x0a)) return;
    this.ingest(bytes, { protocol: "UDP", remote, local: this.bound.get("UDP")! }, "datagram");
  }

  /** Parses and delivers one message; never throws. */
  private ingest(
    bytes: Buffer,
    source: MessageSource,
    framing: "datagram" | "stream",
    conn?: StreamConnection,
  ): void {
    try {
      let msg: SipMessage;
      try {
        msg = parseMessage(bytes, {
          framing,
          ...(this.options.limits ? { limits: this.options.limits } : {}),
        });
        // RFC 3261 §18.2.1: stamp received/rport (needs a parseable top Via).
        if (msg.kind === "request") msg = stampReceived(msg, source.remote);
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        this.malformed(bytes, source, err, conn);
        return;
      }
      if (msg.kind === "response" && (this.options.checkResponseSentBy ?? true)) {
        // RFC 3261 §18.1.2: a response whose top Via is not ours is silently discarded.
        if (!responseIsForUs(msg, this.ourEndpoints())) {
          this.logger.debug("response for another sent-by dropped", { remote: source.remote });
          return;
        }
      }
      this.receiver?.(msg, source);
    } catch (err) {
      this.logger.error("receiver threw", { err });
    }
  }

  private malformed(bytes: Buffer, source: MessageSource, error: ParseError, conn?: StreamConnection): void {
    let answered = false;
    if (this.options.answerMalformed ?? true) {
      const reply = replyToUnparsable(bytes, error.message.replace(/ \(at offset \d+\)$/, ""), {
        ...(this.options.limits ? { limits: this.options.limits } : {}),
      });
      if (reply) {
        answered = true;
        // The top Via may be the broken part: answer the packet's source (or its connection).
        const out = serializeMessage(reply);
        const sent = conn ? conn.write(out) : this.sendUdp(out, source.remote.address, source.remote.port);
        sent.catch((err: unknown) => this.logger.debug("400 not sent", { err }));
      }
    }
    this.logger.debug("malformed message", { remote: source.remote, error: error.message, answered });
    this.options.hooks?.onMalformed?.({ source, error, answered });
  }
}

function peerKey(protocol: TransportProtocol, address: string, port: number): string {
  return `${protocol}|${address.toLowerCase()}|${port}`;
}

function describe(t: Target): string {
  return `${t.protocol.toLowerCase()}:${t.address}:${t.port}`;
}
