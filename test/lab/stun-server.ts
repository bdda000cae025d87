// A minimal STUN server (RFC 5389 Binding only), run as its own process on the provider box:
//   node --import tsx test/lab/stun-server.ts <address> <port>
// It answers every Binding request from where it came, ignoring RFC 3489 CHANGE-REQUEST, which is
// what a full-cone path looks like to miniupnpd's NAT test.
import { createSocket } from "node:dgram";

const MAGIC_COOKIE = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const MAPPED_ADDRESS = 0x0001;
const XOR_MAPPED_ADDRESS = 0x0020;

/*  RFC 5389 §15.1 MAPPED-ADDRESS / §15.2 XOR-MAPPED-ADDRESS (IPv4)
 *   0                   1                   2                   3
 *  |0 0 0 0 0 0 0 0|    Family     |           Port                |
 *  |                 Address (32 bits)                             |
 */
function addressAttribute(type: number, family: number, port: number, addr: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16BE(type, 0);
  b.writeUInt16BE(8, 2);
  b.writeUInt8(0, 4);
  b.writeUInt8(family, 5);
  b.writeUInt16BE(port, 6);
  b.writeUInt32BE(addr >>> 0, 8);
  return b;
}

export function bindingResponse(request: Buffer, ip: string, port: number): Buffer | undefined {
  // RFC 5389 §6: 20-byte header, type, length, magic cookie, 96-bit transaction id.
  if (request.length < 20 || request.readUInt16BE(0) !== BINDING_REQUEST) return undefined;
  const addr = ip.split(".").reduce((a, o) => (a << 8) | Number(o), 0) >>> 0;
  const cookie = request.readUInt32BE(4);
  const attrs = [addressAttribute(MAPPED_ADDRESS, 1, port, addr)];
  // RFC 3489 clients have no magic cookie: give them MAPPED-ADDRESS only.
  if (cookie === MAGIC_COOKIE) {
    attrs.push(addressAttribute(XOR_MAPPED_ADDRESS, 1, port ^ (MAGIC_COOKIE >>> 16), addr ^ MAGIC_COOKIE));
  }
  const body = Buffer.concat(attrs);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(BINDING_SUCCESS, 0);
  header.writeUInt16BE(body.length, 2);
  request.copy(header, 4, 4, 20);
  return Buffer.concat([header, body]);
}

if (process.argv[1]?.endsWith("stun-server.ts")) {
  const [address, port] = process.argv.slice(2);
  const socket = createSocket("udp4");
  socket.on("message", (msg, rinfo) => {
    const reply = bindingResponse(msg, rinfo.address, rinfo.port);
    if (reply) socket.send(reply, rinfo.port, rinfo.address);
  });
  socket.bind(Number(port ?? 3478), address ?? "0.0.0.0", () => {
    console.log(`stun: listening on ${address}:${port}`);
  });
  process.on("SIGTERM", () => socket.close(() => process.exit(0)));
}
