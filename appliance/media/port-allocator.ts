// RTP/RTCP port pairs from the configured range: RTP on an even port, RTCP on the next odd one
// (RFC 3550 §11; RFC 3605 makes it explicit in SDP but most phones still assume +1). Ports are
// handed out round-robin so a just-released pair is not reused at once: late packets of an
// ended call must not land in a new one.
import { createSocket, type Socket } from "node:dgram";
import { lookup as dnsLookup, type LookupOneOptions } from "node:dns";
import { isIPv4 } from "node:net";
import { PortRangeExhaustedError } from "./errors.ts";

export interface PortPair {
  rtpPort: number;
  rtp: Socket;
  rtcp: Socket;
}

export interface PortRange {
  min: number;
  max: number;
}

export class PortAllocator {
  private readonly inUse = new Set<number>();
  private cursor: number;
  private readonly first: number;
  private readonly last: number;

  constructor(
    range: PortRange,
    private readonly bindAddress: string,
    private readonly receiveBufferBytes?: number,
  ) {
    this.first = range.min + (range.min & 1);
    // The last RTP port must leave room for its RTCP port.
    this.last = range.max - 1 - ((range.max - 1) & 1);
    if (this.last < this.first)
      throw new RangeError(`RTP port range ${range.min}-${range.max} holds no pair`);
    this.cursor = this.first;
  }

  get size(): number {
    return (this.last - this.first) / 2 + 1;
  }

  get allocated(): number {
    return this.inUse.size;
  }

  /** Binds the next free pair; ports taken by other processes are skipped. */
  async allocate(): Promise<PortPair> {
    for (let tried = 0; tried < this.size; tried++) {
      const port = this.cursor;
      this.cursor = port + 2 > this.last ? this.first : port + 2;
      if (this.inUse.has(port)) continue;
      this.inUse.add(port);
      const rtp = await this.bind(port);
      if (!rtp) {
        this.inUse.delete(port);
        continue;
      }
      const rtcp = await this.bind(port + 1);
      if (!rtcp) {
        await closeSocket(rtp);
        this.inUse.delete(port);
        continue;
      }
      return { rtpPort: port, rtp, rtcp };
    }
    throw new PortRangeExhaustedError(this.first, this.last + 1);
  }

  /** Closes both sockets and returns the pair to the pool. Idempotent. */
  async release(pair: PortPair): Promise<void> {
    await Promise.all([closeSocket(pair.rtp), closeSocket(pair.rtcp)]);
    this.inUse.delete(pair.rtpPort);
  }

  private bind(port: number): Promise<Socket | undefined> {
    return new Promise((resolve) => {
      const s = createSocket({ type: "udp4", reuseAddr: false, lookup: literalLookup });
      const onError = () => {
        s.close();
        resolve(undefined);
      };
      s.once("error", onError);
      s.bind({ port, address: this.bindAddress, exclusive: true }, () => {
        s.off("error", onError);
        if (this.receiveBufferBytes) {
          try {
            s.setRecvBufferSize(this.receiveBufferBytes);
          } catch {
            // Capped by net.core.rmem_max: the default still works, with less burst tolerance.
          }
        }
        resolve(s);
      });
    });
  }
}

/** Closes a dgram socket, resolving when it is closed; closing a closed socket is a no-op. */
export function closeSocket(s: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      s.close(() => resolve());
    } catch {
      resolve();
    }
  });
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * dgram resolves the destination of every send() through dns.lookup, which for an IP literal
 * still costs an allocation and a process.nextTick per packet. Media destinations are IP
 * literals from SDP, so they are answered synchronously; anything else takes the normal path.
 */
function literalLookup(hostname: string, options: LookupOneOptions | number, callback: LookupCallback): void {
  if (isIPv4(hostname)) {
    callback(null, hostname, 4);
    return;
  }
  dnsLookup(hostname, typeof options === "number" ? { family: options } : options, callback);
}
