// A STUN Binding client (RFC 5389 §7): asks a STUN server which address and port our packets
// come from once they have crossed every NAT. Runs over any datagram socket (injected), on the
// injected Clock, with the retransmission schedule of RFC 5389 §7.2.1.
import { type Clock, ParseError, PibxError, type RandomSource, type TimerHandle } from "../base/index.ts";
import { decodeBindingResponse, encodeBindingRequest, isStun, type MappedAddress } from "./stun-message.ts";

/** The datagram socket a STUN client sends on (for the SIP port's mapping: the SIP socket). */
export interface DatagramPort {
  send(bytes: Buffer, port: number, address: string): void;
  /** Subscribes to datagrams; returns the unsubscribe function. */
  onDatagram(handler: (bytes: Buffer, remote: { address: string; port: number }) => void): () => void;
}

export interface StunClientOptions {
  clock: Clock;
  random: RandomSource;
  socket: DatagramPort;
  /** RFC 5389 §7.2.1: initial RTO, "SHOULD be configurable", 500 ms recommended. */
  rtoMs?: number;
  /** RFC 5389 §7.2.1 Rc: requests sent in all (default 7). */
  maxRequests?: number;
  /** RFC 5389 §7.2.1 Rm: the last wait is Rm × RTO (default 16). */
  lastWaitFactor?: number;
}

export class StunError extends PibxError {
  override name = "StunError";
  constructor(
    message: string,
    readonly server: string,
  ) {
    super(`${message} (${server})`);
  }
}

export class StunClient {
  constructor(private readonly o: StunClientOptions) {}

  /** Sends a Binding request to server and resolves with the reflexive transport address. */
  bind(server: { address: string; port: number }): Promise<MappedAddress> {
    const { clock, socket } = this.o;
    const rto = this.o.rtoMs ?? 500;
    const rc = this.o.maxRequests ?? 7;
    const rm = this.o.lastWaitFactor ?? 16;
    const id = this.o.random.fill(new Uint8Array(12));
    const request = encodeBindingRequest(id);
    const label = `${server.address}:${server.port}`;
    return new Promise((resolve, reject) => {
      let sent = 0;
      let interval = rto;
      let timer: TimerHandle | undefined;
      const finish = (): void => {
        clock.clearTimeout(timer);
        off();
      };
      const off = socket.onDatagram((bytes, remote) => {
        if (!isStun(bytes) || remote.address !== server.address || remote.port !== server.port) return;
        let res: ReturnType<typeof decodeBindingResponse>;
        try {
          res = decodeBindingResponse(bytes);
        } catch (err) {
          if (err instanceof ParseError) return; // RFC 5389 §7.3: malformed messages are discarded
          throw err;
        }
        // RFC 5389 §7.3.3: a response matches its request by the transaction id.
        if (!res.transactionId.equals(Buffer.from(id))) return;
        finish();
        if (res.type === "error") reject(new StunError("Binding error response", label));
        else if (!res.mapped) reject(new StunError("Binding response without a mapped address", label));
        else resolve(res.mapped);
      });
      const transmit = (): void => {
        sent++;
        try {
          socket.send(request, server.port, server.address);
        } catch (err) {
          finish();
          reject(new StunError(`send failed: ${String(err)}`, label));
          return;
        }
        // RFC 5389 §7.2.1: RTO doubles after each retransmission; after Rc requests, wait Rm × RTO.
        const wait = sent >= rc ? rm * rto : interval;
        interval *= 2;
        timer = clock.setTimeout(() => {
          if (sent >= rc) {
            finish();
            reject(new StunError("no Binding response", label));
          } else transmit();
        }, wait);
      };
      transmit();
    });
  }
}
