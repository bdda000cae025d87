// A minimal client for rtpengine's NG control protocol over UDP: "<cookie> <bencoded dict>".
import { createSocket, type Socket } from "node:dgram";
import { type BValue, bdecode, bencode } from "./bencode.ts";

export class NgClient {
  private readonly socket: Socket = createSocket("udp4");
  private readonly pending = new Map<string, (v: { [key: string]: BValue }) => void>();
  private n = 0;

  constructor(
    private readonly port: number,
    private readonly host = "127.0.0.1",
  ) {
    this.socket.on("message", (msg) => {
      const sp = msg.indexOf(" ");
      const cookie = msg.subarray(0, sp).toString();
      const resolve = this.pending.get(cookie);
      if (!resolve) return;
      this.pending.delete(cookie);
      resolve(bdecode(msg.subarray(sp + 1)) as { [key: string]: BValue });
    });
  }

  async command(dict: { [key: string]: BValue }, timeoutMs = 2000): Promise<{ [key: string]: BValue }> {
    const cookie = `c${process.pid}-${this.n++}`;
    const reply = new Promise<{ [key: string]: BValue }>((resolve, reject) => {
      const t = setTimeout(() => {
        this.pending.delete(cookie);
        reject(new Error(`rtpengine did not answer ${String(dict.command)}`));
      }, timeoutMs);
      this.pending.set(cookie, (v) => {
        clearTimeout(t);
        resolve(v);
      });
    });
    this.socket.send(`${cookie} ${bencode(dict)}`, this.port, this.host);
    const r = await reply;
    if (r.result !== "ok" && r.result !== "pong")
      throw new Error(`rtpengine ${String(dict.command)}: ${JSON.stringify(r)}`);
    return r;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** A one-stream PCMU SDP for a generator endpoint. */
export function sdpFor(port: number, sessionId: number): string {
  return [
    "v=0",
    `o=- ${sessionId} 1 IN IP4 127.0.0.1`,
    "s=-",
    "c=IN IP4 127.0.0.1",
    "t=0 0",
    `m=audio ${port} RTP/AVP 0`,
    "a=rtpmap:0 PCMU/8000",
    "a=sendrecv",
    "",
  ].join("\r\n");
}

export function mediaPort(sdp: BValue | undefined): number {
  const m = /m=audio (\d+)/.exec(String(sdp));
  if (!m) throw new Error(`no m=audio in ${String(sdp)}`);
  return Number(m[1]);
}
