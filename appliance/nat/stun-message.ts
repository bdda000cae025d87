// STUN Binding (RFC 5389): the request a client sends and the address in the success response.
// Pure encode/decode; the transaction (retransmissions) lives in stun-client.ts.
import { ParseError } from "../base/index.ts";

/** RFC 5389 §6: the fixed magic cookie. */
export const STUN_MAGIC_COOKIE = 0x2112a442;
export const BINDING_REQUEST = 0x0001;
export const BINDING_SUCCESS = 0x0101;
export const BINDING_ERROR = 0x0111;
const MAPPED_ADDRESS = 0x0001;
const XOR_MAPPED_ADDRESS = 0x0020;
const HEADER = 20;

export interface MappedAddress {
  address: string;
  port: number;
}

export interface StunResponse {
  type: "success" | "error";
  transactionId: Buffer;
  /** XOR-MAPPED-ADDRESS when present, else MAPPED-ADDRESS (RFC 5389 §15.1, §15.2). */
  mapped?: MappedAddress;
}

/*  RFC 5389 §6: STUN message header
 *   0                   1                   2                   3
 *  |0 0|     STUN Message Type     |         Message Length        |
 *  |                         Magic Cookie                          |
 *  |                     Transaction ID (96 bits)                  |
 */
export function encodeBindingRequest(transactionId: Uint8Array): Buffer {
  if (transactionId.length !== 12) throw new RangeError("STUN transaction id must be 96 bits");
  const b = Buffer.alloc(HEADER);
  b.writeUInt16BE(BINDING_REQUEST, 0);
  b.writeUInt16BE(0, 2);
  b.writeUInt32BE(STUN_MAGIC_COOKIE, 4);
  Buffer.from(transactionId).copy(b, 8);
  return b;
}

/** True when the datagram looks like STUN (RFC 5389 §6: top two bits zero and the magic cookie). */
export function isStun(buf: Buffer): boolean {
  return buf.length >= HEADER && (buf[0]! & 0xc0) === 0 && buf.readUInt32BE(4) === STUN_MAGIC_COOKIE;
}

/** Decodes a Binding success or error response; throws ParseError on malformed input. */
export function decodeBindingResponse(buf: Buffer): StunResponse {
  if (!isStun(buf)) throw new ParseError("not a STUN message", 0);
  const type = buf.readUInt16BE(0);
  if (type !== BINDING_SUCCESS && type !== BINDING_ERROR) throw new ParseError("not a Binding response", 0);
  const length = buf.readUInt16BE(2);
  // RFC 5389 §6: the length excludes the header and is a multiple of 4.
  if (length % 4 !== 0 || HEADER + length > buf.length) throw new ParseError("bad STUN length", 2);
  const res: StunResponse = {
    type: type === BINDING_SUCCESS ? "success" : "error",
    transactionId: Buffer.from(buf.subarray(8, 20)),
  };
  let xor: MappedAddress | undefined;
  let plain: MappedAddress | undefined;
  let i = HEADER;
  const end = HEADER + length;
  while (i + 4 <= end) {
    const attr = buf.readUInt16BE(i);
    const len = buf.readUInt16BE(i + 2);
    const v = i + 4;
    if (v + len > end) throw new ParseError("STUN attribute overruns the message", i);
    if (attr === XOR_MAPPED_ADDRESS) xor = decodeAddress(buf.subarray(v, v + len), buf, true, v);
    else if (attr === MAPPED_ADDRESS) plain = decodeAddress(buf.subarray(v, v + len), buf, false, v);
    // RFC 5389 §15: attributes are padded to a multiple of 4 bytes.
    i = v + len + ((4 - (len % 4)) % 4);
  }
  const mapped = xor ?? plain;
  if (mapped) res.mapped = mapped;
  return res;
}

/*  RFC 5389 §15.1 / §15.2: (XOR-)MAPPED-ADDRESS
 *  |0 0 0 0 0 0 0 0|    Family     |         (X-)Port              |
 *  |                 (X-)Address (32 bits or 128 bits)             |
 */
function decodeAddress(v: Buffer, msg: Buffer, xored: boolean, offset: number): MappedAddress {
  if (v.length < 8) throw new ParseError("short address attribute", offset);
  const family = v[1];
  let port = v.readUInt16BE(2);
  if (xored) port ^= STUN_MAGIC_COOKIE >>> 16;
  if (family === 0x01) {
    let addr = v.readUInt32BE(4);
    if (xored) addr = (addr ^ STUN_MAGIC_COOKIE) >>> 0;
    return { address: [addr >>> 24, (addr >>> 16) & 0xff, (addr >>> 8) & 0xff, addr & 0xff].join("."), port };
  }
  if (family === 0x02) {
    if (v.length < 20) throw new ParseError("short IPv6 address attribute", offset);
    const bytes = Buffer.from(v.subarray(4, 20));
    // RFC 5389 §15.2: IPv6 is XORed with the cookie followed by the transaction id.
    if (xored) for (let k = 0; k < 16; k++) bytes[k] = bytes[k]! ^ msg[4 + k]!;
    const groups: string[] = [];
    for (let k = 0; k < 16; k += 2) groups.push(bytes.readUInt16BE(k).toString(16));
    return { address: groups.join(":"), port };
  }
  throw new ParseError("unknown address family", offset);
}
