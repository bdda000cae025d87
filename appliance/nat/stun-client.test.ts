import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManualClock, SeededRandom } from "../base/index.ts";
import { type DatagramPort, StunClient, StunError } from "./stun-client.ts";
import { BINDING_SUCCESS, STUN_MAGIC_COOKIE } from "./stun-message.ts";

const SERVER = { address: "203.0.113.10", port: 3478 };

class FakePort implements DatagramPort {
  readonly sent: Array<{ bytes: Buffer; at: number }> = [];
  private handler: ((b: Buffer, r: { address: string; port: number }) => void) | undefined;
  constructor(private readonly clock: ManualClock) {}
  send(bytes: Buffer): void {
    this.sent.push({ bytes, at: this.clock.now() });
  }
  onDatagram(h: (b: Buffer, r: { address: string; port: number }) => void): () => void {
    this.handler = h;
    return () => {
      this.handler = undefined;
    };
  }
  get listening(): boolean {
    return this.handler !== undefined;
  }
  deliver(b: Buffer, from = SERVER): void {
    this.handler?.(b, from);
  }
}

/** The lab STUN server's answer (XOR-MAPPED-ADDRESS) to request. */
function answer(request: Buffer, ip: string, port: number): Buffer {
  const addr = ip.split(".").reduce((a, o) => (a << 8) | Number(o), 0) >>> 0;
  const attr = Buffer.alloc(12);
  attr.writeUInt16BE(0x0020, 0);
  attr.writeUInt16BE(8, 2);
  attr.writeUInt8(1, 5);
  attr.writeUInt16BE(port ^ (STUN_MAGIC_COOKIE >>> 16), 6);
  attr.writeUInt32BE((addr ^ STUN_MAGIC_COOKIE) >>> 0, 8);
  const h = Buffer.alloc(20);
  h.writeUInt16BE(BINDING_SUCCESS, 0);
  h.writeUInt16BE(12, 2);
  request.copy(h, 4, 4, 20);
  return Buffer.concat([h, attr]);
}

describe("StunClient", () => {
  it("resolves with the reflexive address; ignores other sources and other transaction ids", async () => {
    const clock = new ManualClock();
    const port = new FakePort(clock);
    const p = new StunClient({ clock, random: new SeededRandom(3), socket: port }).bind(SERVER);
    const req = port.sent[0]!.bytes;
    port.deliver(answer(req, "6.6.6.6", 1), { address: "198.51.100.20", port: 3478 });
    const other = Buffer.from(req);
    other[19] = other[19]! ^ 0xff;
    port.deliver(answer(other, "6.6.6.6", 1));
    port.deliver(answer(req, "203.0.113.2", 40000));
    assert.deepEqual(await p, { address: "203.0.113.2", port: 40000 });
    assert.equal(port.listening, false, "unsubscribed");
    assert.equal(clock.pending, 0, "no timer left");
  });

  it("retransmits per RFC 5389 §7.2.1 (RTO 500 ms doubling, Rc = 7, then Rm × RTO) and then fails", async () => {
    const clock = new ManualClock();
    const port = new FakePort(clock);
    const p = new StunClient({ clock, random: new SeededRandom(3), socket: port }).bind(SERVER);
    const failed = assert.rejects(p, StunError);
    clock.runAll();
    await failed;
    assert.deepEqual(
      port.sent.map((s) => s.at),
      [0, 500, 1500, 3500, 7500, 15500, 31500],
    );
    assert.equal(clock.now(), 31500 + 16 * 500, "gave up 8 s after the last request");
    assert.ok(
      port.sent.every((s) => s.bytes.equals(port.sent[0]!.bytes)),
      "same transaction id each time",
    );
  });
});
