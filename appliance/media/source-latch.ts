// Safe symmetric-RTP latching: which source address a relay leg accepts media from, and where it
// sends media to. The "RTP Bleed" class of bugs (relays that re-learn the peer from whatever
// packet arrives) lets anyone who can reach a relay port hijack or eavesdrop on a call. The rule
// here never lets an unsolicited source receive media:
//
//  1. Signalling is authoritative. The remote address comes from the SDP; until something is
//     latched, media is sent there and only there.
//  2. A packet whose source is exactly the SDP address and port is accepted and latches at once
//     (it is where media goes anyway, so accepting it leaks nothing), replacing a NAT latch.
//     The old hold form c=0.0.0.0 (RFC 3264 §8.4) sends nothing and keeps the latch.
//  3. Any other source is a NAT candidate. It may latch only if ALL hold:
//       a. nothing is latched yet for the current SDP (latches are never moved by media: only a
//          new SDP with a different address re-opens latching);
//       b. the packet arrives within windowMs of that SDP being applied (call start/re-INVITE);
//       c. NAT latching is enabled for the leg (the PBX saw its SIP arrive from another address
//          than its Contact) AND, when a signalling hint is given, the packet's IP equals the IP
//          the phone's SIP came from (RTP from a NATed phone leaves through the same public
//          address as its SIP). The SDP's IP with another port gets no exemption: that is
//          another device behind the same NAT, or another process on the phone's host;
//       d. it is valid RTP with a negotiated payload type, and it proves continuity: the same
//          SSRC with strictly increasing sequence numbers (steps of 1–3) for probationPackets
//          packets in a row. Packets before the last one of probation are dropped.
//  4. After latching, packets from any source other than the latched one and the SDP address
//     are dropped and counted, until a new SDP changes the address: a third party spraying a
//     call's port can neither get media nor move the latch.
// At most maxCandidates probation candidates are tracked, so a spray costs bounded memory.
// Residual risk, accepted: with NAT latching on, a host behind the phone's own public IP (or any
// host, if the PBX gives no signalling hint) that sprays a continuous stream within the window,
// before the phone's first packets, can win the latch; the 3 s window and the hint keep that to
// the phone's own network at call setup. The PBX should always pass the hint.
import type { Clock } from "../base/index.ts";
import { seqDelta } from "./sequence.ts";

export interface Endpoint {
  address: string;
  port: number;
}

export interface LatchOptions {
  /** How long after an SDP a NAT candidate may still latch (ms). */
  windowMs?: number;
  /** Consecutive in-sequence packets a NAT candidate must send before it latches. */
  probationPackets?: number;
  maxCandidates?: number;
}

export interface LatchExpectation extends Endpoint {
  /** Allow a source other than the SDP IP (the phone is behind NAT). */
  natLatching?: boolean;
  /** The IP the phone's signalling came from; a NAT candidate must match it. */
  signallingAddress?: string;
  /** Negotiated payload types; a NAT candidate must use one of them. */
  payloadTypes?: ReadonlySet<number>;
}

export type LatchVerdict = "accept" | "probation" | "reject";

export type LatchReason = "sdp" | "probation";

interface Candidate {
  key: string;
  ssrc: number;
  lastSeq: number;
  count: number;
}

const endpointKey = (address: string, port: number) => `${address}:${port}`;

export class SourceLatch {
  private expected: LatchExpectation | undefined;
  private latchedTo: (Endpoint & { reason: LatchReason }) | undefined;
  private openedAt = 0;
  private suppressed = false;
  private candidates: Candidate[] = [];
  private readonly windowMs: number;
  private readonly probation: number;
  private readonly maxCandidates: number;
  /** Packets dropped from sources that are not (or not yet) the latched one. */
  rejected = 0;

  constructor(
    private readonly clock: Clock,
    opts: LatchOptions = {},
    private readonly onLatch?: (to: Endpoint, reason: LatchReason) => void,
  ) {
    this.windowMs = opts.windowMs ?? 3000;
    this.probation = opts.probationPackets ?? 3;
    this.maxCandidates = opts.maxCandidates ?? 4;
  }

  /** Applies the SDP's address. A changed address re-opens latching (rule 3a); the same keeps it. */
  expect(e: LatchExpectation): void {
    // RFC 3264 §8.4: c=0.0.0.0 (the old hold) means "send me nothing"; the latch is kept for
    // the resume, and nothing is sent meanwhile (0.0.0.0 would reach this host itself).
    this.suppressed = e.address === "0.0.0.0" || e.address === "::";
    if (this.suppressed) return;
    const same = this.expected && this.expected.address === e.address && this.expected.port === e.port;
    this.expected = { ...e };
    if (same) return;
    this.latchedTo = undefined;
    this.candidates = [];
    this.openedAt = this.clock.now();
  }

  /** Where media for this leg goes: the latched source, else the SDP address. */
  get target(): Endpoint | undefined {
    if (this.suppressed) return undefined;
    if (this.latchedTo) return { address: this.latchedTo.address, port: this.latchedTo.port };
    if (!this.expected) return undefined;
    return { address: this.expected.address, port: this.expected.port };
  }

  get latched(): (Endpoint & { reason: LatchReason }) | undefined {
    return this.latchedTo ? { ...this.latchedTo } : undefined;
  }

  /** Decides about one incoming RTP packet (already known to be version 2). */
  check(address: string, port: number, ssrc: number, seq: number, payloadType: number): LatchVerdict {
    const l = this.latchedTo;
    if (l && l.address === address && l.port === port) return "accept";
    const e = this.expected;
    if (!e) return this.reject();
    // Rule 2: the SDP's own address (also replaces a NAT latch: signalling is authoritative).
    if (address === e.address && port === e.port) {
      this.latch({ address, port }, "sdp");
      return "accept";
    }
    if (l) return this.reject();
    // Rule 3b-3d.
    if (this.clock.now() - this.openedAt > this.windowMs) return this.reject();
    if (e.natLatching !== true) return this.reject();
    if (e.signallingAddress !== undefined && e.signallingAddress !== address) return this.reject();
    if (e.payloadTypes && !e.payloadTypes.has(payloadType)) return this.reject();
    const key = endpointKey(address, port);
    let c = this.candidates.find((x) => x.key === key);
    if (!c) {
      c = { key, ssrc, lastSeq: seq, count: 1 };
      this.candidates.push(c);
      if (this.candidates.length > this.maxCandidates) this.candidates.shift();
    } else {
      const step = seqDelta(c.lastSeq, seq);
      if (c.ssrc === ssrc && step >= 1 && step <= 3) c.count++;
      else {
        c.ssrc = ssrc;
        c.count = 1;
      }
      c.lastSeq = seq;
    }
    if (c.count >= this.probation) {
      this.latch({ address, port }, "probation");
      return "accept";
    }
    this.rejected++;
    return "probation";
  }

  /** RTCP is accepted only from the IP RTP latched to (or the SDP IP before any latch). */
  acceptsRtcpFrom(address: string): boolean {
    const ip = this.latchedTo?.address ?? this.expected?.address;
    return ip === address;
  }

  private reject(): LatchVerdict {
    this.rejected++;
    return "reject";
  }

  private latch(to: Endpoint, reason: LatchReason): void {
    this.latchedTo = { ...to, reason };
    this.candidates = [];
    this.onLatch?.(to, reason);
  }
}
