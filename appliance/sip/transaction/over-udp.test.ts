// The transaction layer over the real transport layer on 127.0.0.1: an INVITE answered 486 is
// ACKed by the client transaction, and both sides clean up.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { ManualClock, RandomIdSource, SeededRandom } from "../../base/index.ts";
import { createResponse, getCSeq, parseMessage, type SipMessage, type SipRequest } from "../message/index.ts";
import { SipTransportLayer } from "../transport/index.ts";
import { TransactionLayer } from "./layer.ts";

const stacks: SipTransportLayer[] = [];
after(async () => {
  for (const s of stacks) await s.close();
});

async function stack(clock: ManualClock) {
  const transport = new SipTransportLayer({ clock, udp: { address: "127.0.0.1", port: 0 } });
  stacks.push(transport);
  await transport.start();
  const layer = new TransactionLayer({ transport, clock, ids: new RandomIdSource(new SeededRandom(9)) });
  const wire: SipMessage[] = [];
  const arrived: Array<() => void> = [];
  transport.onMessage((msg, source) => {
    wire.push(msg);
    layer.receive(msg, source);
    arrived.shift()?.();
  });
  const nextArrival = () => new Promise<void>((r) => arrived.push(r));
  return { transport, layer, wire, nextArrival };
}

test("INVITE → 100, 486 → ACK over UDP; transactions end on their timers", async () => {
  const clock = new ManualClock();
  const uac = await stack(clock);
  const uas = await stack(clock);
  uas.layer.setUser({
    onRequest: (req, tx) => {
      if (tx && req.method === "INVITE") tx.respond(createResponse(req, 486, { toTag: "busy" }));
    },
  });
  uac.layer.setUser({ onRequest: () => {} });
  const invite = parseMessage(
    Buffer.from(
      "INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP x;branch=z9hG4bKlive1\r\nMax-Forwards: 70\r\nFrom: <sip:alice@127.0.0.1>;tag=a\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: live1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
    ),
  ) as SipRequest;
  const port = uas.transport.address("UDP")!.port;
  const statuses: number[] = [];
  const final = new Promise<void>((resolve) => {
    const tx = uac.layer.sendRequest(invite, { protocol: "UDP", address: "127.0.0.1", port });
    tx.events.on("response", (r) => {
      statuses.push(r.status);
      if (r.status >= 200) resolve();
    });
  });
  await final;
  // The ACK reaches the UAS (three arrivals there: INVITE, then ACK).
  while (!uas.wire.some((m) => m.kind === "request" && m.method === "ACK")) await uas.nextArrival();
  assert.deepEqual(statuses, [100, 486]);
  const ack = uas.wire.find((m) => m.kind === "request" && m.method === "ACK")!;
  assert.deepEqual(getCSeq(ack), { seq: 1, method: "ACK" });
  assert.deepEqual(uas.layer.counts.server, 1, "Confirmed until Timer I");
  clock.advance(32_000);
  assert.deepEqual(uac.layer.counts, { client: 0, server: 0 });
  assert.deepEqual(uas.layer.counts, { client: 0, server: 0 });
  assert.equal(clock.pending, 0);
});
