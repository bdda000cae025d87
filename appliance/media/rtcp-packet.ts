// RTCP compound packets (RFC 3550 §6): enough of SR, RR, SDES and BYE for call statistics.
// Unknown packet types (APP, RTPFB, PSFB, XR) are skipped by their length field.
import { ParseError } from "../base/index.ts";

/** RFC 3550 §6.4.1 report block. */
export interface ReportBlock {
  ssrc: number;
  fractionLost: number;
  /** Signed 24-bit cumulative loss. */
  cumulativeLost: number;
  highestSequence: number;
  jitter: number;
  lastSr: number;
  delaySinceLastSr: number;
}

export interface SenderInfo {
  ntpSeconds: number;
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

export type RtcpPacket =
  | { type: "SR"; ssrc: number; sender: SenderInfo; reports: ReportBlock[] }
  | { type: "RR"; ssrc: number; reports: ReportBlock[] }
  | { type: "SDES"; chunks: Array<{ ssrc: number; items: Array<{ type: number; text: string }> }> }
  | { type: "BYE"; ssrcs: number[]; reason?: string }
  | { type: "other"; packetType: number };

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;

/**
 * RFC 3550 §6.4.1 common header of every RTCP packet in a compound datagram:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|   RC    |      PT       |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of sender / first chunk                 |
 *
 * SR sender info (PT=200) then RC report blocks of 24 octets each:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              NTP timestamp, most significant word             |
 * |             NTP timestamp, least significant word             |
 * |                         RTP timestamp                         |
 * |                     sender's packet count                     |
 * |                      sender's octet count                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * | fraction lost |       cumulative number of packets lost       |
 * |           extended highest sequence number received           |
 * |                      interarrival jitter                      |
 * |                         last SR (LSR)                         |
 * |                   delay since last SR (DLSR)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export function decodeRtcpCompound(buf: Uint8Array): RtcpPacket[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: RtcpPacket[] = [];
  let offset = 0;
  // RFC 3550 §6.1: a compound packet holds at least one packet; the first is SR or RR.
  if (buf.length < 4) throw new ParseError("RTCP packet shorter than 4 octets", 0);
  while (offset < buf.length) {
    if (buf.length - offset < 4) throw new ParseError("RTCP header truncated", offset);
    const b0 = buf[offset]!;
    if (b0 >> 6 !== 2) throw new ParseError(`RTCP version ${b0 >> 6}`, offset);
    const count = b0 & 0x1f;
    const pt = buf[offset + 1]!;
    // RFC 3550 §6.4.1: length is in 32-bit words minus one, header included.
    const len = (view.getUint16(offset + 2) + 1) * 4;
    if (offset + len > buf.length) throw new ParseError("RTCP packet overruns the datagram", offset);
    const end = offset + len;
    let body = offset + 4;
    // RFC 3550 §6.4.1: padding (P bit) is only allowed on the last packet of a compound.
    if (b0 & 0x20) {
      const pad = buf[end - 1]!;
      if (end !== buf.length || pad === 0 || pad > len - 4) throw new ParseError("bad RTCP padding", end - 1);
    }
    if (offset === 0 && pt !== RTCP_SR && pt !== RTCP_RR)
      throw new ParseError("compound RTCP must start with SR or RR", offset);
    switch (pt) {
      case RTCP_SR: {
        need(len, 28 + 24 * count, offset);
        const ssrc = view.getUint32(body);
        const sender: SenderInfo = {
          ntpSeconds: view.getUint32(body + 4),
          ntpFraction: view.getUint32(body + 8),
          rtpTimestamp: view.getUint32(body + 12),
          packetCount: view.getUint32(body + 16),
          octetCount: view.getUint32(body + 20),
        };
        out.push({ type: "SR", ssrc, sender, reports: reportBlocks(view, body + 24, count) });
        break;
      }
      case RTCP_RR:
        need(len, 8 + 24 * count, offset);
        out.push({ type: "RR", ssrc: view.getUint32(body), reports: reportBlocks(view, body + 4, count) });
        break;
      case RTCP_SDES: {
        const chunks: Array<{ ssrc: number; items: Array<{ type: number; text: string }> }> = [];
        for (let c = 0; c < count; c++) {
          if (body + 4 > end) throw new ParseError("SDES chunk truncated", body);
          const ssrc = view.getUint32(body);
          body += 4;
          const items: Array<{ type: number; text: string }> = [];
          // RFC 3550 §6.5: items end with a null octet, then padding to a 32-bit boundary.
          while (body < end && buf[body] !== 0) {
            if (body + 2 > end) throw new ParseError("SDES item truncated", body);
            const type = buf[body]!;
            const n = buf[body + 1]!;
            if (body + 2 + n > end) throw new ParseError("SDES item overruns", body);
            items.push({ type, text: Buffer.from(buf.subarray(body + 2, body + 2 + n)).toString("utf8") });
            body += 2 + n;
          }
          body = (body + 4) & ~3;
          chunks.push({ ssrc, items });
        }
        out.push({ type: "SDES", chunks });
        break;
      }
      case RTCP_BYE: {
        need(len, 4 + 4 * count, offset);
        const ssrcs: number[] = [];
        for (let i = 0; i < count; i++) ssrcs.push(view.getUint32(body + 4 * i));
        const r = body + 4 * count;
        const bye: RtcpPacket = { type: "BYE", ssrcs };
        if (r < end && buf[r]! > 0 && r + 1 + buf[r]! <= end)
          bye.reason = Buffer.from(buf.subarray(r + 1, r + 1 + buf[r]!)).toString("utf8");
        out.push(bye);
        break;
      }
      default:
        out.push({ type: "other", packetType: pt });
    }
    offset = end;
  }
  return out;
}

function need(len: number, min: number, offset: number): void {
  if (len < min) throw new ParseError("RTCP packet shorter than its report count implies", offset);
}

function reportBlocks(view: DataView, at: number, count: number): ReportBlock[] {
  const out: ReportBlock[] = [];
  for (let i = 0; i < count; i++, at += 24) {
    const lossWord = view.getUint32(at + 4);
    out.push({
      ssrc: view.getUint32(at),
      fractionLost: lossWord >>> 24,
      cumulativeLost: ((lossWord & 0xffffff) << 8) >> 8,
      highestSequence: view.getUint32(at + 8),
      jitter: view.getUint32(at + 12),
      lastSr: view.getUint32(at + 16),
      delaySinceLastSr: view.getUint32(at + 20),
    });
  }
  return out;
}

/** Encodes an RR (or SR when sender is given) with its report blocks: for tests and our own reports. */
export function encodeReport(ssrc: number, reports: ReportBlock[], sender?: SenderInfo): Buffer {
  const words = 1 + (sender ? 5 : 0) + 6 * reports.length;
  const buf = Buffer.alloc(4 + words * 4);
  buf[0] = 0x80 | reports.length;
  buf[1] = sender ? RTCP_SR : RTCP_RR;
  buf.writeUInt16BE(words, 2);
  buf.writeUInt32BE(ssrc >>> 0, 4);
  let at = 8;
  if (sender) {
    buf.writeUInt32BE(sender.ntpSeconds >>> 0, 8);
    buf.writeUInt32BE(sender.ntpFraction >>> 0, 12);
    buf.writeUInt32BE(sender.rtpTimestamp >>> 0, 16);
    buf.writeUInt32BE(sender.packetCount >>> 0, 20);
    buf.writeUInt32BE(sender.octetCount >>> 0, 24);
    at = 28;
  }
  for (const r of reports) {
    buf.writeUInt32BE(r.ssrc >>> 0, at);
    buf.writeUInt32BE((((r.fractionLost & 0xff) << 24) | (r.cumulativeLost & 0xffffff)) >>> 0, at + 4);
    buf.writeUInt32BE(r.highestSequence >>> 0, at + 8);
    buf.writeUInt32BE(r.jitter >>> 0, at + 12);
    buf.writeUInt32BE(r.lastSr >>> 0, at + 16);
    buf.writeUInt32BE(r.delaySinceLastSr >>> 0, at + 20);
    at += 24;
  }
  return buf;
}
