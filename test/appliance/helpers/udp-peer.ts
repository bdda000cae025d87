// A raw UDP SIP peer for tests: sends bytes, collects whatever comes back, waits (bounded) for
// responses matching a predicate.
import { createSocket, type Socket } from "node:dgram";

export interface Received {
  text: string;
  status?: number;
  from: { address: string; port: number };
}

export class UdpPeer {
  readonly received: Received[] = [];
  private waiters: Array<{ pred: (r: Received) => boolean; resolve: (r: Received) => void }> = [];

  private constructor(private readonly socket: Socket) {
    socket.on("message", (m, rinfo) => {
      const text = m.toString("latin1");
      const status = /^SIP\/2\.0 (\d{3})/.exec(text)?.[1];
      const r: Received = { text, from: { address: rinfo.address, port: rinfo.port } };
      if (status) r.status = Number(status);
      this.received.push(r);
      for (const w of [...this.waiters]) {
        if (w.pred(r)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(r);
        }
      }
    });
  }

  static async bind(address = "127.0.0.1", port = 0): Promise<UdpPeer> {
    const s = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.bind(port, address, () => resolve());
    });
    return new UdpPeer(s);
  }

  get port(): number {
    return this.socket.address().port;
  }

  get address(): string {
    return this.socket.address().address;
  }

  send(bytes: Uint8Array | string, port: number, address = "127.0.0.1"): void {
    this.socket.send(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes, port, address);
  }

  /** The first received message matching pred (already received or arriving within timeoutMs). */
  waitFor(pred: (r: Received) => boolean, timeoutMs = 3000): Promise<Received | undefined> {
    const hit = this.received.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve) => {
      const w = {
        pred,
        resolve: (r: Received) => {
          clearTimeout(t);
          resolve(r);
        },
      };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  close(): void {
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }
}

/** A header value from a raw message (first occurrence, compact forms not handled). */
export function headerOf(text: string, name: string): string | undefined {
  const re = new RegExp(`^${name}\\s*:\\s*(.*?)\\r?$`, "im");
  return re.exec(text)?.[1];
}

export function headersOf(text: string, name: string): string[] {
  const re = new RegExp(`^${name}\\s*:\\s*(.*?)\\r?$`, "gim");
  return [...text.matchAll(re)].map((m) => m[1]!);
}
