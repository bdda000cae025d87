// RTP packets (RFC 3550 §5.1): decode and encode the fixed header, CSRC list, header extension
// and padding. Decoding copies nothing: payload is a view into the datagram.
import { ParseError } from "../base/index.ts";

export interface RtpHeaderExtension {
  /** The 16-bit profile-defined field (0xBEDE for RFC 8285 one-byte headers). */
  profile: number;
  data: Uint8Array;
}

export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcs: number[];
  extension?: RtpHeaderExtension;
  payload: Uint8Array;
  /** Padding octets to add (encode) or that were present (decode), including the count octet. */
  paddingLength: number;
}

export const RTP_HEADER_LENGTH = 12;

/**
 * RFC 3550 §5.1 fixed header:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * RFC 3550 §5.3.1 header extension (present when X=1), after the CSRCs:
 *
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        header extension                       |
 * |                             ....                              |
 */
export function decodeRtp(buf: Uint8Array): RtpPacket {
  if (buf.length < RTP_HEADER_LENGTH) throw new ParseError("RTP packet shorter than 12 octets", buf.length);
  const b0 = buf[0]!;
  const b1 = buf[1]!;
  // RFC 3550 §5.1: V is 2.
  if (b0 >> 6 !== 2) throw new ParseError(`RTP version ${b0 >> 6}`, 0);
  const padding = (b0 & 0x20) !== 0;
  const hasExtension = (b0 & 0x10) !== 0;
  const cc = b0 & 0x0f;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let offset = RTP_HEADER_LENGTH;
  if (buf.length < offset + 4 * cc) throw new ParseError("RTP CSRC list truncated", buf.length);
  const csrcs: number[] = [];
  for (let i = 0; i < cc; i++, offset += 4) csrcs.push(view.getUint32(offset));
  let extension: RtpHeaderExtension | undefined;
  if (hasExtension) {
    if (buf.length < offset + 4) throw new ParseError("RTP extension header truncated", buf.length);
    const profile = view.getUint16(offset);
    // RFC 3550 §5.3.1: length counts 32-bit words, excluding the 4-octet extension header.
    const words = view.getUint16(offset + 2);
    offset += 4;
    if (buf.length < offset + 4 * words) throw new ParseError("RTP extension truncated", buf.length);
    extension = { profile, data: buf.subarray(offset, offset + 4 * words) };
    offset += 4 * words;
  }
  let end = buf.length;
  let paddingLength = 0;
  if (padding) {
    // RFC 3550 §5.1: the last octet of the padding counts the padding octets, itself included.
    paddingLength = buf[buf.length - 1]!;
    if (paddingLength === 0 || offset + paddingLength > buf.length)
      throw new ParseError(`bad RTP padding length ${paddingLength}`, buf.length - 1);
    end -= paddingLength;
  }
  const packet: RtpPacket = {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    csrcs,
    payload: buf.subarray(offset, end),
    paddingLength,
  };
  if (extension) packet.extension = extension;
  return packet;
}

export function encodeRtp(p: RtpPacket): Buffer {
  if (p.csrcs.length > 15) throw new RangeError("at most 15 CSRCs");
  if (p.extension && p.extension.data.length % 4 !== 0)
    throw new RangeError("extension length must be a multiple of 4");
  if (p.paddingLength < 0 || p.paddingLength > 255) throw new RangeError("padding length 0-255");
  const extLen = p.extension ? 4 + p.extension.data.length : 0;
  const len = RTP_HEADER_LENGTH + 4 * p.csrcs.length + extLen + p.payload.length + p.paddingLength;
  const buf = Buffer.allocUnsafe(len);
  buf[0] = 0x80 | (p.paddingLength > 0 ? 0x20 : 0) | (p.extension ? 0x10 : 0) | p.csrcs.length;
  buf[1] = (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  buf.writeUInt16BE(p.sequenceNumber & 0xffff, 2);
  buf.writeUInt32BE(p.timestamp >>> 0, 4);
  buf.writeUInt32BE(p.ssrc >>> 0, 8);
  let offset = RTP_HEADER_LENGTH;
  for (const c of p.csrcs) {
    buf.writeUInt32BE(c >>> 0, offset);
    offset += 4;
  }
  if (p.extension) {
    buf.writeUInt16BE(p.extension.profile, offset);
    buf.writeUInt16BE(p.extension.data.length / 4, offset + 2);
    buf.set(p.extension.data, offset + 4);
    offset += extLen;
  }
  buf.set(p.payload, offset);
  offset += p.payload.length;
  if (p.paddingLength > 0) {
    buf.fill(0, offset, len - 1);
    buf[len - 1] = p.paddingLength;
  }
  return buf;
}

/** Cheap check used by the relay before a full decode: V=2 and long enough. */
export function looksLikeRtp(buf: Uint8Array): boolean {
  return buf.length >= RTP_HEADER_LENGTH && buf[0]! >> 6 === 2;
}

/** RFC 5761 §4: with rtcp-mux, packet types 192-223 in the second octet are RTCP, not RTP. */
export function isRtcpInMux(buf: Uint8Array): boolean {
  const pt = buf[1]!;
  return buf.length >= 8 && pt >= 192 && pt <= 223;
}

/**
 * Rewrites SSRC, sequence number, timestamp, marker and payload type in place (the hot path of
 * the relay: no decode, no allocation). The header layout is the §5.1 diagram above.
 */
export function rewriteRtpHeader(
  buf: Buffer,
  ssrc: number,
  seq: number,
  timestamp: number,
  marker: boolean,
  payloadType: number,
): void {
  buf[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  buf.writeUInt16BE(seq & 0xffff, 2);
  buf.writeUInt32BE(timestamp >>> 0, 4);
  buf.writeUInt32BE(ssrc >>> 0, 8);
}

/**
 * Where the payload of an RTP datagram starts and ends (after CSRCs and extension, before
 * padding), without decoding it; undefined when the lengths do not add up. Layout: §5.1 above.
 */
export function rtpPayloadBounds(buf: Uint8Array): [number, number] | undefined {
  if (buf.length < RTP_HEADER_LENGTH) return undefined;
  const b0 = buf[0]!;
  let start = RTP_HEADER_LENGTH + 4 * (b0 & 0x0f);
  if (b0 & 0x10) {
    if (buf.length < start + 4) return undefined;
    start += 4 + 4 * ((buf[start + 2]! << 8) | buf[start + 3]!);
  }
  let end = buf.length;
  if (b0 & 0x20) end -= buf[buf.length - 1]!;
  return start <= end ? [start, end] : undefined;
}
