// A small read-only TFTP server (RFC 1350) with option negotiation (RFC 2347), blksize
// (RFC 2348) and tsize/timeout (RFC 2349), for phones that only fetch over TFTP (option 150/66).
// Bounded: a fixed number of concurrent transfers, files of at most 65535 blocks, a few
// retransmissions; answered only for sources on the lab LAN. Files come from ProvisioningService.
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import type { Clock, Logger, TimerHandle } from "../base/index.ts";
import type { LanPrefixes } from "./lan-prefixes.ts";
import type { ProvisioningService } from "./provisioning-service.ts";
import {
  dataPacket,
  errorPacket,
  Opcode,
  oackPacket,
  parseTftp,
  TftpError,
  type TftpPacket,
  toNetascii,
} from "./tftp-packets.ts";

export interface TftpServerOptions {
  readonly maxSessions: number;
  /** Retransmission timeout when the client asks for none (RFC 2349 `timeout`). */
  readonly timeoutMs: number;
  readonly retries: number;
  /** Largest block size granted: keeps DATA packets within an Ethernet MTU. */
  readonly maxBlockSize: number;
}

const DEFAULTS: TftpServerOptions = { maxSessions: 32, timeoutMs: 2000, retries: 5, maxBlockSize: 1428 };

interface Session {
  readonly socket: Socket;
  readonly peer: RemoteInfo;
  readonly data: Buffer;
  readonly blockSize: number;
  readonly timeoutMs: number;
  /** Block last sent (0 = OACK). */
  block: number;
  last: Buffer;
  tries: number;
  timer: TimerHandle | undefined;
}

export class ProvisioningTftpServer {
  private socket: Socket | undefined;
  private readonly sessions = new Set<Session>();
  private readonly options: TftpServerOptions;

  constructor(
    private readonly service: ProvisioningService,
    private readonly lan: LanPrefixes,
    private readonly clock: Clock,
    private readonly log: Logger,
    options: Partial<TftpServerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async listen(port: number, host?: string): Promise<number> {
    const socket = createSocket("udp4");
    this.socket = socket;
    socket.on("message", (msg, rinfo) => {
      this.onRequest(msg, rinfo).catch((err: unknown) => this.log.error("TFTP request failed", { err }));
    });
    socket.on("error", (err) => this.log.error("TFTP socket error", { err }));
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(port, host, () => {
        socket.off("error", reject);
        resolve();
      });
    });
    return socket.address().port;
  }

  /** Idempotent: stops listening and abandons the transfers in progress. */
  async close(): Promise<void> {
    for (const s of [...this.sessions]) this.end(s);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  get activeTransfers(): number {
    return this.sessions.size;
  }

  private reply(to: RemoteInfo, packet: Buffer, from: Socket | undefined = this.socket): void {
    from?.send(packet, to.port, to.address);
  }

  private async onRequest(msg: Buffer, rinfo: RemoteInfo): Promise<void> {
    let packet: TftpPacket;
    try {
      packet = parseTftp(msg);
    } catch {
      this.reply(rinfo, errorPacket(TftpError.illegalOperation, "malformed request"));
      return;
    }
    if (packet.op === "ERROR") return; // RFC 1350 §7: an error is never answered
    if (packet.op !== "RRQ" && packet.op !== "WRQ") {
      this.reply(rinfo, errorPacket(TftpError.unknownTransferId, "no transfer on this port"));
      return;
    }
    if (!this.lan.contains(rinfo.address)) {
      this.log.warn(
        `TFTP ${packet.op} ${packet.filename} from ${rinfo.address}: outside the lab LAN, refused`,
      );
      this.reply(rinfo, errorPacket(TftpError.accessViolation, "not allowed from this address"));
      return;
    }
    if (packet.op === "WRQ") {
      this.log.warn(`TFTP WRQ ${packet.filename} from ${rinfo.address}: read-only server, refused`);
      this.reply(rinfo, errorPacket(TftpError.accessViolation, "read-only server"));
      return;
    }
    if (packet.mode !== "octet" && packet.mode !== "netascii") {
      this.reply(rinfo, errorPacket(TftpError.illegalOperation, `mode ${packet.mode} not supported`));
      return;
    }
    if (this.sessions.size >= this.options.maxSessions) {
      this.log.warn(
        `TFTP RRQ ${packet.filename} from ${rinfo.address}: ${this.sessions.size} transfers running, busy`,
      );
      this.reply(rinfo, errorPacket(TftpError.notDefined, "server busy, retry later"));
      return;
    }
    const result = await this.service.fetch({
      protocol: "tftp",
      method: "GET",
      target: packet.filename,
      source: rinfo.address,
    });
    if (result.status !== 200 || result.body === undefined) {
      const code = result.status === 404 ? TftpError.fileNotFound : TftpError.accessViolation;
      this.reply(
        rinfo,
        errorPacket(code, code === TftpError.fileNotFound ? "file not found" : "access denied"),
      );
      return;
    }
    const raw = Buffer.from(result.body, "utf8");
    const data = packet.mode === "netascii" ? toNetascii(raw) : raw;
    this.start(rinfo, data, packet.options);
  }

  private start(peer: RemoteInfo, data: Buffer, requested: ReadonlyMap<string, string>): void {
    // RFC 2347 §2: options the server does not know are ignored (Grandstream sends its own).
    const granted = new Map<string, string>();
    let blockSize = 512;
    let timeoutMs = this.options.timeoutMs;
    const blk = Number(requested.get("blksize"));
    // RFC 2348: 8..65464 octets; the server may answer a smaller size than asked.
    if (Number.isInteger(blk) && blk >= 8 && blk <= 65464) {
      blockSize = Math.min(blk, this.options.maxBlockSize);
      granted.set("blksize", String(blockSize));
    }
    const timeout = Number(requested.get("timeout"));
    // RFC 2349 §2: timeout 1..255 seconds, accepted as asked.
    if (Number.isInteger(timeout) && timeout >= 1 && timeout <= 255) {
      timeoutMs = timeout * 1000;
      granted.set("timeout", String(timeout));
    }
    // RFC 2349 §4: a read request carries tsize 0; the server answers the size.
    if (requested.has("tsize")) granted.set("tsize", String(data.length));

    if (Math.floor(data.length / blockSize) + 1 > 65535) {
      this.reply(peer, errorPacket(TftpError.notDefined, "file too large"));
      return;
    }
    const socket = createSocket("udp4");
    const session: Session = {
      socket,
      peer,
      data,
      blockSize,
      timeoutMs,
      block: 0,
      last: Buffer.alloc(0),
      tries: 0,
      timer: undefined,
    };
    this.sessions.add(session);
    socket.on("message", (msg, rinfo) => this.onSessionPacket(session, msg, rinfo));
    socket.on("error", () => this.end(session));
    // RFC 1350 §4: the server's transfer identifier is a new port.
    socket.bind(0, () => {
      if (granted.size > 0) this.send(session, oackPacket(granted), 0);
      else this.sendBlock(session, 1);
    });
  }

  private onSessionPacket(s: Session, msg: Buffer, rinfo: RemoteInfo): void {
    // RFC 1350 §4: a packet from another TID gets an error and does not disturb the transfer.
    if (rinfo.address !== s.peer.address || rinfo.port !== s.peer.port) {
      if (msg.length >= 2 && msg.readUInt16BE(0) !== Opcode.ERROR) {
        this.reply(rinfo, errorPacket(TftpError.unknownTransferId, "unknown transfer ID"), s.socket);
      }
      return;
    }
    let packet: TftpPacket;
    try {
      packet = parseTftp(msg);
    } catch {
      return;
    }
    if (packet.op === "ERROR") {
      this.log.info(`TFTP transfer to ${s.peer.address} aborted by the client: ${packet.message}`);
      this.end(s);
      return;
    }
    // RFC 1123 §4.2.3.1: a duplicate ACK is not answered (Sorcerer's Apprentice syndrome).
    if (packet.op !== "ACK" || packet.block !== s.block) return;
    const lastBlock = Math.floor(s.data.length / s.blockSize) + 1;
    if (s.block === lastBlock) {
      this.end(s);
      return;
    }
    this.sendBlock(s, s.block + 1);
  }

  private sendBlock(s: Session, block: number): void {
    const start = (block - 1) * s.blockSize;
    this.send(s, dataPacket(block, s.data.subarray(start, start + s.blockSize)), block);
  }

  private send(s: Session, packet: Buffer, block: number): void {
    s.block = block;
    s.last = packet;
    s.tries = 0;
    this.transmit(s);
  }

  private transmit(s: Session): void {
    this.clock.clearTimeout(s.timer);
    s.socket.send(s.last, s.peer.port, s.peer.address);
    s.timer = this.clock.setTimeout(() => {
      if (++s.tries > this.options.retries) {
        this.log.warn(`TFTP transfer to ${s.peer.address} timed out at block ${s.block}`);
        this.end(s);
        return;
      }
      this.transmit(s);
    }, s.timeoutMs);
  }

  private end(s: Session): void {
    if (!this.sessions.delete(s)) return;
    this.clock.clearTimeout(s.timer);
    try {
      s.socket.close();
    } catch {
      // already closed
    }
  }
}
