// A node:dgram socket as the DatagramPort the STUN client sends on. With its own socket, STUN
// learns the public address only: the NAT maps each local port separately, so the SIP port's
// public port comes from the provider's Via rport instead (see public-address.ts).
import type { Socket } from "node:dgram";
import type { DatagramPort } from "./stun-client.ts";

export function nodeDatagramPort(socket: Socket): DatagramPort {
  return {
    send(bytes, port, address) {
      socket.send(bytes, port, address);
    },
    onDatagram(handler) {
      const listener = (msg: Buffer, rinfo: { address: string; port: number }): void =>
        handler(msg, { address: rinfo.address, port: rinfo.port });
      socket.on("message", listener);
      return () => socket.off("message", listener);
    },
  };
}
