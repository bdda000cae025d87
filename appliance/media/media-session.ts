// A MediaSession anchors the media of one two-legged call: each leg has its own RTP/RTCP port
// pair on the appliance, latches safely to its phone (source-latch.ts), and what one leg
// receives is sent out of the other leg's socket (symmetric RTP: a phone receives from the port
// it was told to send to), re-based onto that leg's own continuous stream (stream-rewriter.ts),
// with payload types mapped and G.711 transcoded when the legs negotiated different laws.
import type { RemoteInfo, Socket } from "node:dgram";
import { type Clock, ParseError, type RandomSource, type TimerHandle, TypedEmitter } from "../base/index.ts";
import { type G711Law, g711Transcode } from "./g711.ts";
import type { PortPair } from "./port-allocator.ts";
import { decodeRtcpCompound, type ReportBlock, type RtcpPacket } from "./rtcp-packet.ts";
import {
  decodeRtp,
  isRtcpInMux,
  looksLikeRtp,
  type RtpPacket,
  rewriteRtpHeader,
  rtpPayloadBounds,
} from "./rtp-packet.ts";
import { type Endpoint, type LatchOptions, type LatchReason, SourceLatch } from "./source-latch.ts";
import { StreamRewriter } from "./stream-rewriter.ts";
import { RtpStreamStats, type StreamStatsSnapshot } from "./stream-stats.ts";

export type LegId = "a" | "b";

/** What signalling (the SDP of one leg's phone) says about its media. */
export interface LegRemote {
  address: string;
  port: number;
  /** RFC 3605 a=rtcp, else port + 1. */
  rtcpPort?: number;
  rtcpMux?: boolean;
  codec: { payloadType: number; encoding: G711Law };
  telephoneEvent?: number;
  /** The phone is behind NAT: allow latching to another IP (see source-latch.ts, rule 3c). */
  natLatching?: boolean;
  /** The IP its SIP came from: a NAT latch must come from there. */
  signallingAddress?: string;
}

/** What the leg's phone is sent: the far leg's media, local audio (MOH, prompts) or nothing. */
export type ForwardMode = "relay" | "local" | "mute";

export interface LegStats {
  localPort: number;
  inbound: StreamStatsSnapshot;
  sentPackets: number;
  /** Packets from sources the latch refused (foreign, probation, outside the window). */
  rejected: number;
  latched?: Endpoint & { reason: LatchReason };
  /** The phone's own view of our stream, from its last RTCP report. */
  remoteReport?: ReportBlock;
}

export interface MediaSessionEvents {
  latched: { leg: LegId; address: string; port: number; reason: LatchReason };
  /** First packet from each refused source (bounded), for logging attacks or NAT trouble. */
  rejected: { leg: LegId; address: string; port: number };
  /** Accepted inbound RTP, decoded (only when someone listens). Views into a reused buffer: copy to keep. */
  rtp: { leg: LegId; packet: RtpPacket };
  rtcp: { leg: LegId; packets: RtcpPacket[] };
  /** A watched leg's phone sent no accepted RTP for the watch's timeout (dead phone, lost NAT). */
  inactive: { leg: LegId; silentMs: number };
  closed: undefined;
}

const MAX_REPORTED_SOURCES = 16;

class Leg {
  remote: LegRemote | undefined;
  mode: ForwardMode = "relay";
  sentPackets = 0;
  readonly stats = new RtpStreamStats(8000);
  remoteReport: ReportBlock | undefined;
  readonly reportedSources = new Set<string>();
  lastRtpAt = 0;
  inactivityMs: number | undefined;
  inactivityTimer: TimerHandle | undefined;
  inactiveReported = false;

  constructor(
    readonly id: LegId,
    readonly pair: PortPair,
    readonly latch: SourceLatch,
    readonly rewriter: StreamRewriter,
  ) {}

  get socket(): Socket {
    return this.pair.rtp;
  }
}

export interface MediaSessionOptions {
  id: string;
  clock: Clock;
  random: RandomSource;
  pairs: Record<LegId, PortPair>;
  latch?: LatchOptions;
  /** Called once on close to give the port pairs back. */
  release: (pairs: PortPair[]) => Promise<void>;
}

export class MediaSession extends TypedEmitter<MediaSessionEvents> {
  readonly id: string;
  private readonly legs: Record<LegId, Leg>;
  private readonly clock: Clock;
  private closing: Promise<void> | undefined;
  private readonly release: (pairs: PortPair[]) => Promise<void>;

  constructor(opts: MediaSessionOptions) {
    super();
    this.id = opts.id;
    this.clock = opts.clock;
    this.release = opts.release;
    const u32 = () => new DataView(opts.random.fill(new Uint8Array(4)).buffer).getUint32(0);
    const make = (id: LegId): Leg => {
      const latch = new SourceLatch(opts.clock, opts.latch, (to, reason) =>
        this.emit("latched", { leg: id, address: to.address, port: to.port, reason }),
      );
      // RFC 3550 §5.1: SSRC, initial sequence number and timestamp are random.
      return new Leg(id, opts.pairs[id], latch, new StreamRewriter(u32(), u32() & 0xffff, u32()));
    };
    this.legs = { a: make("a"), b: make("b") };
    for (const leg of Object.values(this.legs)) {
      leg.pair.rtp.on("message", (msg, rinfo) => this.onRtp(leg, msg, rinfo));
      leg.pair.rtcp.on("message", (msg, rinfo) => this.onRtcp(leg, msg, rinfo));
      // A send to an unreachable port surfaces as an error event on Linux: not fatal for media.
      leg.pair.rtp.on("error", () => {});
      leg.pair.rtcp.on("error", () => {});
    }
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** The appliance's RTP port for a leg (RTCP is port + 1): what goes into that leg's SDP. */
  localPort(leg: LegId): number {
    return this.legs[leg].pair.rtpPort;
  }

  /** The SSRC the leg's phone receives from the appliance. */
  outboundSsrc(leg: LegId): number {
    return this.legs[leg].rewriter.ssrc;
  }

  /** Applies a leg's SDP (initial offer/answer or a re-INVITE). */
  setRemote(leg: LegId, remote: LegRemote): void {
    const l = this.legs[leg];
    l.remote = { ...remote };
    const payloadTypes = new Set([remote.codec.payloadType]);
    if (remote.telephoneEvent !== undefined) payloadTypes.add(remote.telephoneEvent);
    const e: Parameters<SourceLatch["expect"]>[0] = {
      address: remote.address,
      port: remote.port,
      payloadTypes,
    };
    if (remote.natLatching) e.natLatching = true;
    if (remote.signallingAddress) e.signallingAddress = remote.signallingAddress;
    l.latch.expect(e);
  }

  /** Chooses what a leg's phone hears. Switching re-bases its stream so it stays continuous. */
  setMode(leg: LegId, mode: ForwardMode): void {
    const l = this.legs[leg];
    if (l.mode !== mode) l.rewriter.resync();
    l.mode = mode;
  }

  /**
   * Sends locally generated audio (music on hold, a prompt, the conference mix) to a leg, in
   * the leg's negotiated codec. ssrc/seq/timestamp are the generator's own; the leg's rewriter
   * maps them onto its continuous stream.
   */
  sendLocal(
    leg: LegId,
    frame: { ssrc: number; sequenceNumber: number; timestamp: number; marker: boolean; payload: Uint8Array },
  ): boolean {
    const l = this.legs[leg];
    if (this.closing || !l.remote || l.mode !== "local") return false;
    const target = l.latch.target;
    if (!target) return false;
    const h = l.rewriter.map(
      frame.ssrc,
      frame.sequenceNumber,
      frame.timestamp,
      frame.marker,
      this.clock.now(),
    );
    const buf = Buffer.allocUnsafe(12 + frame.payload.length);
    buf[0] = 0x80;
    rewriteRtpHeader(
      buf,
      l.rewriter.ssrc,
      h.sequenceNumber,
      h.timestamp,
      h.marker,
      l.remote.codec.payloadType,
    );
    buf.set(frame.payload, 12);
    l.socket.send(buf, target.port, target.address);
    l.sentPackets++;
    return true;
  }

  /**
   * Emits `inactive` when the leg's phone sends nothing for timeoutMs (undefined stops watching).
   * The PBX turns this off while the phone is legitimately silent (it holds, or is held with
   * a=inactive), like rtpengine's separate timeout for held calls.
   */
  watchInactivity(leg: LegId, timeoutMs: number | undefined): void {
    const l = this.legs[leg];
    this.clock.clearTimeout(l.inactivityTimer);
    l.inactivityTimer = undefined;
    l.inactivityMs = timeoutMs;
    l.inactiveReported = false;
    if (timeoutMs === undefined || this.closing) return;
    l.lastRtpAt = this.clock.now();
    this.armInactivity(l);
  }

  private armInactivity(l: Leg): void {
    const timeout = l.inactivityMs;
    if (timeout === undefined) return;
    const due = l.lastRtpAt + timeout;
    l.inactivityTimer = this.clock.setTimeout(() => {
      l.inactivityTimer = undefined;
      const silent = this.clock.now() - l.lastRtpAt;
      if (silent >= timeout) {
        l.inactiveReported = true;
        this.emit("inactive", { leg: l.id, silentMs: silent });
        return;
      }
      this.armInactivity(l);
    }, due - this.clock.now());
  }

  stats(): Record<LegId, LegStats> {
    const one = (l: Leg): LegStats => {
      const s: LegStats = {
        localPort: l.pair.rtpPort,
        inbound: l.stats.snapshot(),
        sentPackets: l.sentPackets,
        rejected: l.latch.rejected,
      };
      const latched = l.latch.latched;
      if (latched) s.latched = latched;
      if (l.remoteReport) s.remoteReport = l.remoteReport;
      return s;
    };
    return { a: one(this.legs.a), b: one(this.legs.b) };
  }

  /** Closes both legs' sockets and releases their ports. Idempotent; resolves when done. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const l of Object.values(this.legs)) {
        this.clock.clearTimeout(l.inactivityTimer);
        l.pair.rtp.removeAllListeners("message");
        l.pair.rtcp.removeAllListeners("message");
      }
      await this.release([this.legs.a.pair, this.legs.b.pair]);
      this.emit("closed", undefined);
      this.removeAllListeners();
    })();
    return this.closing;
  }

  private onRtp(from: Leg, msg: Buffer, rinfo: RemoteInfo): void {
    if (!looksLikeRtp(msg)) return;
    // RFC 5761 §4: with rtcp-mux, RTCP shares the RTP port.
    if (from.remote?.rtcpMux && isRtcpInMux(msg)) {
      this.onRtcp(from, msg, rinfo);
      return;
    }
    const pt = msg[1]! & 0x7f;
    const seq = msg.readUInt16BE(2);
    const ts = msg.readUInt32BE(4);
    const ssrc = msg.readUInt32BE(8);
    const verdict = from.latch.check(rinfo.address, rinfo.port, ssrc, seq, pt);
    if (verdict !== "accept") {
      this.reportRejected(from, rinfo);
      return;
    }
    const now = this.clock.now();
    from.lastRtpAt = now;
    // Media came back after an `inactive` report: watch again.
    if (from.inactiveReported) {
      from.inactiveReported = false;
      this.armInactivity(from);
    }
    const bounds = rtpPayloadBounds(msg);
    if (!bounds) return;
    from.stats.update(seq, ts, now, bounds[1] - bounds[0]);
    if (this.listenerCount("rtp") > 0) {
      try {
        this.emit("rtp", { leg: from.id, packet: decodeRtp(msg) });
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
      }
    }
    const to = this.legs[other(from.id)];
    const inRemote = from.remote;
    const outRemote = to.remote;
    if (to.mode !== "relay" || !inRemote || !outRemote) return;
    const target = to.latch.target;
    if (!target) return;
    let outPt: number;
    if (pt === inRemote.codec.payloadType) {
      outPt = outRemote.codec.payloadType;
      if (inRemote.codec.encoding !== outRemote.codec.encoding) {
        const payload = msg.subarray(bounds[0], bounds[1]);
        g711Transcode(inRemote.codec.encoding, outRemote.codec.encoding, payload, payload);
      }
    } else if (pt === inRemote.telephoneEvent && outRemote.telephoneEvent !== undefined) {
      outPt = outRemote.telephoneEvent;
    } else {
      // Comfort noise or a codec the other leg never agreed to: not forwarded.
      return;
    }
    const h = to.rewriter.map(ssrc, seq, ts, (msg[1]! & 0x80) !== 0, now);
    rewriteRtpHeader(msg, to.rewriter.ssrc, h.sequenceNumber, h.timestamp, h.marker, outPt);
    to.socket.send(msg, target.port, target.address);
    to.sentPackets++;
  }

  private onRtcp(from: Leg, msg: Buffer, rinfo: RemoteInfo): void {
    if (!from.latch.acceptsRtcpFrom(rinfo.address)) {
      this.reportRejected(from, rinfo);
      return;
    }
    let packets: RtcpPacket[];
    try {
      packets = decodeRtcpCompound(msg);
    } catch (err) {
      if (err instanceof ParseError) return;
      throw err;
    }
    // RTCP is terminated here, not forwarded: the far leg's SSRCs are rewritten, so its
    // reports would describe streams the other phone never sees.
    for (const p of packets) {
      if (p.type !== "SR" && p.type !== "RR") continue;
      const mine = p.reports.find((r) => r.ssrc === from.rewriter.ssrc);
      if (mine) from.remoteReport = mine;
    }
    this.emit("rtcp", { leg: from.id, packets });
  }

  private reportRejected(leg: Leg, rinfo: RemoteInfo): void {
    const key = `${rinfo.address}:${rinfo.port}`;
    if (leg.reportedSources.has(key) || leg.reportedSources.size >= MAX_REPORTED_SOURCES) return;
    leg.reportedSources.add(key);
    this.emit("rejected", { leg: leg.id, address: rinfo.address, port: rinfo.port });
  }
}

function other(leg: LegId): LegId {
  return leg === "a" ? "b" : "a";
}
