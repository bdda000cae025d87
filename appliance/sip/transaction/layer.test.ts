import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ManualClock, RandomIdSource, SeededRandom, StateError } from "../../base/index.ts";
import { createResponse, getTo, parseMessage, type SipRequest, type SipResponse } from "../message/index.ts";
import type { MessageSource, Target } from "../transport/index.ts";
import { TransactionLayer } from "./layer.ts";
import type { ServerTransaction } from "./server-transaction.ts";
import { FakeSender, request, responseTo, UDP_SOURCE } from "./testing.ts";

const TARGET: Target = { protocol: "UDP", address: "192.0.2.20", port: 5060 };

function setup(opts: { sendTrying?: boolean } = {}) {
  const clock = new ManualClock();
  const transport = new FakeSender(() => clock.now());
  const layer = new TransactionLayer({
    transport,
    clock,
    ids: new RandomIdSource(new SeededRandom(1)),
    ...opts,
  });
  const requests: Array<{ req: SipRequest; tx: ServerTransaction | undefined }> = [];
  const strays: SipResponse[] = [];
  layer.setUser({
    onRequest: (req, tx) => requests.push({ req, tx }),
    onStrayResponse: (res) => strays.push(res),
  });
  return { clock, transport, layer, requests, strays };
}

test("a new INVITE creates a server transaction, sends 100 Trying and reaches the TU once", () => {
  const { layer, transport, requests } = setup();
  const inv = request("INVITE");
  layer.receive(inv, UDP_SOURCE);
  layer.receive(inv, UDP_SOURCE);
  assert.equal(requests.length, 1);
  assert.equal(transport.responses(100).length, 2, "the retransmission gets the last provisional again");
  assert.equal(getTo(transport.sent[0]!.message)!.params.get("tag"), undefined, "no To tag on 100");
  assert.deepEqual(layer.counts, { client: 0, server: 1 });
});

test("server transactions are matched by branch + sent-by + method; ACK matches the INVITE", () => {
  const { layer, clock, requests } = setup({ sendTrying: false });
  layer.receive(request("INVITE", { branch: "z9hG4bKone" }), UDP_SOURCE);
  layer.receive(
    request("INVITE", {
      branch: "z9hG4bKone",
      callId: "call-2",
      via: "SIP/2.0/UDP other.example.com;branch=z9hG4bKone",
    }),
    UDP_SOURCE,
  );
  assert.equal(requests.length, 2, "different sent-by: different transaction");
  const tx = requests[0]!.tx!;
  tx.respond(createResponse(requests[0]!.req, 486, { toTag: "x" }));
  layer.receive(request("ACK", { branch: "z9hG4bKone", toTag: "x" }), UDP_SOURCE);
  assert.equal(tx.state, "confirmed");
  assert.equal(requests.length, 2, "the ACK was absorbed");
  clock.advance(5000);
  assert.equal(layer.counts.server, 1, "terminated transactions are forgotten");
});

test("an ACK for a 2xx (new branch) goes to the TU without a transaction", () => {
  const { layer, requests } = setup();
  layer.receive(request("ACK", { branch: "z9hG4bKack2xx", toTag: "t" }), UDP_SOURCE);
  assert.equal(requests.length, 1);
  assert.equal(requests[0]!.tx, undefined);
});

test("CANCEL has its own transaction and finds the INVITE it cancels (RFC 3261 §9.2)", () => {
  const { layer, requests } = setup();
  layer.receive(request("INVITE"), UDP_SOURCE);
  const cancel = request("CANCEL");
  layer.receive(cancel, UDP_SOURCE);
  assert.equal(requests.length, 2);
  assert.notEqual(requests[1]!.tx, requests[0]!.tx);
  assert.equal(layer.findInviteForCancel(cancel), requests[0]!.tx);
  assert.equal(layer.findInviteForCancel(request("CANCEL", { branch: "z9hG4bKnope" })), undefined);
});

test("RFC 2543 fallback (inv2543): retransmission and ACK matched without a cookie branch", () => {
  const { layer, requests, transport } = setup({ sendTrying: false });
  const inv = parseMessage(
    readFileSync(new URL("../../../../shared/testdata/rfc4475/inv2543.dat", import.meta.url)),
  ) as SipRequest;
  layer.receive(inv, UDP_SOURCE);
  layer.receive(inv, UDP_SOURCE);
  assert.equal(requests.length, 1);
  const tx = requests[0]!.tx!;
  tx.respond(createResponse(inv, 404, { toTag: "srv" }));
  const ack = parseMessage(
    Buffer.from(
      [
        "ACK sip:UserB@example.com SIP/2.0",
        "Via: SIP/2.0/UDP iftgw.example.com",
        "From: <sip:+13035551111@ift.client.example.net;user=phone>",
        "To: sip:+16505552222@ss1.example.net;user=phone;tag=srv",
        "Call-ID: inv2543.1717@ift.client.example.com",
        "CSeq: 56 ACK",
        "",
        "",
      ].join("\r\n"),
    ),
  ) as SipRequest;
  layer.receive(ack, UDP_SOURCE);
  assert.equal(tx.state, "confirmed");
  assert.equal(requests.length, 1);
  // An ACK with another To tag is not this transaction's.
  const other = {
    ...ack,
    headers: ack.headers.map((h) => (h.name === "To" ? { ...h, value: h.value.replace("srv", "zzz") } : h)),
  };
  layer.receive(other, UDP_SOURCE);
  assert.equal(requests.length, 2);
  assert.equal(transport.responses(404).length, 1);
});

test("badbranch: a bare magic cookie is matched the RFC 2543 way", () => {
  const { layer, requests } = setup();
  const r = parseMessage(
    readFileSync(new URL("../../../../shared/testdata/rfc4475/badbranch.dat", import.meta.url)),
  ) as SipRequest;
  layer.receive(r, UDP_SOURCE);
  layer.receive(r, UDP_SOURCE);
  assert.equal(requests.length, 1);
});

test("merged requests (RFC 3261 §8.2.2.2) are answered 482 and not passed up", () => {
  const { layer, requests, transport } = setup();
  layer.receive(request("INVITE", { branch: "z9hG4bKpath1" }), UDP_SOURCE);
  layer.receive(request("INVITE", { branch: "z9hG4bKpath2" }), UDP_SOURCE);
  assert.equal(requests.length, 1);
  const [loop] = transport.responses(482);
  assert.ok(loop);
  assert.ok(getTo(loop.message)!.params.get("tag"));
  // With a To tag it is a mid-dialog request, not merged.
  layer.receive(request("INVITE", { branch: "z9hG4bKpath3", toTag: "d1", cseq: 2 }), UDP_SOURCE);
  assert.equal(requests.length, 2);
});

test("requests without usable core headers get a stateless 400; ACKs are dropped", () => {
  const { layer, requests, transport } = setup();
  const bad = request("OPTIONS", { extra: [] });
  bad.headers = bad.headers.map((h) => (h.name === "CSeq" ? { ...h, value: "x OPTIONS" } : h));
  layer.receive(bad, UDP_SOURCE);
  assert.equal(transport.responses(400).length, 1);
  const badAck = request("ACK");
  badAck.headers = badAck.headers.filter((h) => h.name !== "Call-ID");
  layer.receive(badAck, UDP_SOURCE);
  assert.equal(transport.responses(400).length, 1);
  assert.equal(requests.length, 0);
});

test("client transactions: responses matched by branch and CSeq method; strays go to the TU", () => {
  const { layer, transport, strays } = setup();
  const inv = request("INVITE", { branch: "z9hG4bKcli" });
  const tx = layer.sendRequest(inv, TARGET);
  const got: number[] = [];
  tx.events.on("response", (r) => got.push(r.status));
  const cancel = layer.cancel(tx as never);
  const cancelGot: number[] = [];
  cancel.events.on("response", (r) => cancelGot.push(r.status));
  assert.equal(transport.requests("CANCEL").length, 1);
  const src: MessageSource = UDP_SOURCE;
  layer.receive(responseTo(inv, 180), src);
  layer.receive(responseTo(cancel.request, 200), src);
  layer.receive(responseTo(inv, 487), src);
  assert.deepEqual(got, [180, 487]);
  assert.deepEqual(cancelGot, [200]);
  layer.receive(responseTo(request("INVITE", { branch: "z9hG4bKelse" }), 200), src);
  assert.equal(strays.length, 1);
});

test("ACKs for 2xx and stateless responses bypass transactions", async () => {
  const { layer, transport } = setup();
  await layer.sendAck(request("ACK", { branch: "z9hG4bKack" }), TARGET);
  await assert.rejects(layer.sendAck(request("BYE"), TARGET), StateError);
  await layer.sendStatelessResponse(createResponse(request("OPTIONS"), 200), UDP_SOURCE);
  assert.equal(transport.requests("ACK").length, 1);
  assert.equal(transport.responses(200).length, 1);
  assert.deepEqual(layer.counts, { client: 0, server: 0 });
});

test("sendRequest refuses ACKs, branches without the cookie and duplicate branches", () => {
  const { layer } = setup();
  assert.throws(() => layer.sendRequest(request("ACK"), TARGET), StateError);
  assert.throws(() => layer.sendRequest(request("OPTIONS", { branch: "old" }), TARGET));
  layer.sendRequest(request("OPTIONS", { branch: "z9hG4bKdup" }), TARGET);
  assert.throws(() => layer.sendRequest(request("OPTIONS", { branch: "z9hG4bKdup" }), TARGET), StateError);
});

test("terminated transactions are removed; close() ends all and clears timers", () => {
  const { layer, clock, requests } = setup();
  layer.sendRequest(request("OPTIONS", { branch: "z9hG4bKa1" }), TARGET);
  layer.receive(request("REGISTER", { branch: "z9hG4bKs1" }), UDP_SOURCE);
  requests[0]!.tx!.respond(createResponse(requests[0]!.req, 200, { toTag: "x" }));
  clock.advance(64 * 500);
  assert.deepEqual(layer.counts, { client: 0, server: 0 });
  layer.sendRequest(request("OPTIONS", { branch: "z9hG4bKa2" }), TARGET);
  layer.receive(request("INVITE", { branch: "z9hG4bKs2" }), UDP_SOURCE);
  assert.ok(clock.pending > 0);
  layer.close();
  layer.close();
  assert.deepEqual(layer.counts, { client: 0, server: 0 });
  assert.equal(clock.pending, 0);
  assert.throws(() => layer.sendRequest(request("OPTIONS", { branch: "z9hG4bKa3" }), TARGET), StateError);
});

test("without a TU, new requests are answered 503", () => {
  const clock = new ManualClock();
  const transport = new FakeSender();
  const layer = new TransactionLayer({ transport, clock });
  layer.receive(request("OPTIONS"), UDP_SOURCE);
  assert.equal(transport.responses(503).length, 1);
});
