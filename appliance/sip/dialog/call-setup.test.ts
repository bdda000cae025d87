import assert from "node:assert/strict";
import { test } from "node:test";
import { getCSeq, getHeader, parseMessage, parseUri, type SipRequest } from "../message/index.ts";
import type { Body } from "./body.ts";
import type { Termination } from "./invite-session-events.ts";
import { ANSWER, established, pair, SDP } from "./test-calls.ts";

test("basic call: INVITE, 180, 200, ACK, BYE from the caller, 200", () => {
  const { net, call, incoming, alice, bob } = pair();
  const a = call();
  const events: string[] = [];
  a.events.on("provisional", (e) => events.push(`a:${e.status}`));
  a.events.on("answered", (e) => events.push(`a:answered:${e.body?.body.toString().slice(0, 3)}`));
  net.deliverAll();
  assert.equal(incoming.length, 1);
  const b = incoming[0]!;
  assert.equal(b.state, "incoming");
  assert.deepEqual(b.remoteBody, SDP);
  b.events.on("confirmed", () => events.push("b:confirmed"));
  b.progress(180);
  net.deliverAll();
  assert.equal(a.state, "proceeding");
  assert.equal(a.earlyDialogs.length, 1, "180 with a tag creates an early dialog");
  assert.equal(a.earlyDialogs[0]!.state, "early");
  b.answer(ANSWER);
  net.deliverAll();
  assert.equal(a.state, "confirmed");
  assert.equal(b.state, "confirmed");
  assert.deepEqual(events, ["a:100", "a:180", "a:answered:v=0", "b:confirmed"]);
  // The dialog IDs mirror each other (RFC 3261 §12).
  assert.equal(a.dialog!.id.callId, b.dialog!.id.callId);
  assert.equal(a.dialog!.id.localTag, b.dialog!.id.remoteTag);
  assert.equal(a.dialog!.id.remoteTag, b.dialog!.id.localTag);
  // The ACK carries the INVITE's CSeq number (RFC 3261 §13.2.2.4).
  const ack = net.requests("ACK")[0]!;
  assert.equal(getCSeq(ack)!.seq, getCSeq(a.request)!.seq);
  assert.equal(
    getHeader(ack, "Via")!.includes(getHeader(a.request, "Via")!.split("branch=")[1]!),
    false,
    "new branch",
  );
  const ends: Termination[] = [];
  a.events.on("terminated", (t) => ends.push(t));
  b.events.on("terminated", (t) => ends.push(t));
  a.close();
  a.close();
  net.deliverAll();
  assert.deepEqual(ends, [
    { cause: "bye", by: "local" },
    { cause: "bye", by: "remote" },
  ]);
  assert.equal(net.requests("BYE").length, 1, "close() is idempotent: one BYE");
  assert.equal(net.responses(200).filter((r) => getCSeq(r)!.method === "BYE").length, 1);
  assert.equal(alice.dialogs.dialogCount, 0);
  assert.equal(bob.dialogs.dialogCount, 0);
  assert.equal(alice.dialogs.sessions.length + bob.dialogs.sessions.length, 0);
});

test("BYE from the callee ends both sides; the in-dialog request carries the next CSeq", () => {
  const { net, a, b } = established();
  let ended: Termination | undefined;
  a.events.on("terminated", (t) => {
    ended = t;
  });
  b.close();
  net.deliverAll();
  assert.deepEqual(ended, { cause: "bye", by: "remote" });
  const bye = net.requests("BYE")[0]!;
  assert.equal(getCSeq(bye)!.seq, 1, "the UAS's first request: local CSeq was empty");
  assert.equal(bye.uri.type === "sip" && bye.uri.user, "alice", "Request-URI: the remote target (Contact)");
});

function inDialogRequest(
  method: string,
  opts: { callId: string; toTag: string; fromTag: string; cseq: number; branch: string },
) {
  const text = [
    `${method} sip:bob@192.0.2.2:5060 SIP/2.0`,
    `Via: SIP/2.0/UDP 192.0.2.1:5060;branch=${opts.branch}`,
    "Max-Forwards: 70",
    `From: <sip:alice@example.com>;tag=${opts.fromTag}`,
    `To: <sip:bob@192.0.2.2>;tag=${opts.toTag}`,
    `Call-ID: ${opts.callId}`,
    `CSeq: ${opts.cseq} ${method}`,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  return parseMessage(Buffer.from(text)) as SipRequest;
}

test("a request for an unknown dialog is answered 481 (RFC 3261 §12.2.2)", () => {
  const { net, b, bob } = established();
  const id = b.dialog!.id;
  bob.node.inject(
    inDialogRequest("INFO", {
      callId: id.callId,
      toTag: "no-such-tag",
      fromTag: id.remoteTag,
      cseq: 5,
      branch: "z9hG4bKx1",
    }),
    { address: "192.0.2.1", port: 5060 },
  );
  net.deliverAll();
  assert.equal(net.responses(481).length, 1);
  assert.equal(b.state, "confirmed", "the real dialog is untouched");
});

test("a request with a lower CSeq than the last one is answered 500 (RFC 3261 §12.2.2)", () => {
  const { net, a, b, bob } = established();
  const id = b.dialog!.id;
  void a.info({ contentType: "application/dtmf-relay", body: Buffer.from("Signal=5\r\nDuration=160\r\n") });
  net.deliverAll();
  assert.equal(b.dialog!.remoteSeq, 2, "INVITE was 1, INFO 2");
  bob.node.inject(
    inDialogRequest("INFO", {
      callId: id.callId,
      toTag: id.localTag,
      fromTag: id.remoteTag,
      cseq: 1,
      branch: "z9hG4bKold",
    }),
    { address: "192.0.2.1", port: 5060 },
  );
  net.deliverAll();
  const r500 = net.responses(500);
  assert.equal(r500.length, 1);
  assert.equal(getCSeq(r500[0]!)!.seq, 1);
  assert.equal(b.dialog!.remoteSeq, 2, "the remote sequence number did not move back");
});

test("INFO with application/dtmf-relay reaches the peer as info and dtmf events", () => {
  const { net, a, b } = established();
  const got: string[] = [];
  b.events.on("info", (e) => got.push(`info:${e.body?.contentType}`));
  b.events.on("dtmf", (e) => got.push(`dtmf:${e.signal}:${e.duration}`));
  void a.info({ contentType: "application/dtmf-relay", body: Buffer.from("Signal=#\r\nDuration=250\r\n") });
  net.deliverAll();
  assert.deepEqual(got, ["info:application/dtmf-relay", "dtmf:#:250"]);
});

test("the UAS retransmits its 2xx until the ACK arrives (RFC 3261 §13.3.1.4)", () => {
  const { net, clock, call, incoming } = pair();
  call();
  net.deliverAll();
  const b = incoming[0]!;
  let acks = 0;
  net.drop = (m) => m.kind === "request" && m.method === "ACK" && acks++ < 2; // lose two ACKs
  b.answer(ANSWER);
  net.deliverAll();
  assert.equal(b.state, "answered");
  const ok = () => net.responses(200).filter((r) => getCSeq(r)!.method === "INVITE").length;
  assert.equal(ok(), 1);
  clock.advance(500); // T1
  net.deliverAll();
  assert.equal(ok(), 2);
  assert.equal(b.state, "answered", "second ACK (re-ACK of the retransmission) also lost");
  clock.advance(1000); // 2*T1
  net.deliverAll();
  assert.equal(ok(), 3);
  assert.equal(b.state, "confirmed", "the third ACK arrived");
  clock.advance(10_000);
  net.deliverAll();
  assert.equal(ok(), 3, "no retransmission after the ACK");
  assert.equal(net.requests("ACK").length, 3, "each 2xx retransmission was ACKed again by the UAC");
});

test("no ACK: 2xx retransmitted T1, 2T1, 4T1, T2... then BYE at 64*T1 (RFC 3261 §13.3.1.4)", () => {
  const { net, clock, call, incoming } = pair();
  const a = call();
  net.deliverAll();
  const b = incoming[0]!;
  net.drop = (m) => m.kind === "request" && m.method === "ACK";
  const ends: Termination[] = [];
  b.events.on("terminated", (t) => ends.push(t));
  b.answer(ANSWER);
  net.deliverAll();
  const sentAt = () =>
    net.log
      .filter((r) => r.from === "192.0.2.2:5060" && r.message.kind === "response" && r.message.status === 200)
      .map((r) => r.at);
  clock.advance(31_999);
  net.deliverAll();
  assert.deepEqual(sentAt(), [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
  assert.equal(net.requests("BYE").length, 0);
  clock.advance(1);
  net.deliverAll();
  assert.deepEqual(ends, [{ cause: "ackTimeout", by: "local" }]);
  assert.equal(net.requests("BYE").length, 1, "the session ends with a BYE");
  assert.equal(a.terminated, true, "the caller got the BYE");
});

test("late offer: the 2xx carries the offer, the ACK carries the answer (RFC 3261 §13.2.2.4)", () => {
  const { net, call, incoming } = pair({ sessionTimer: false });
  const a = call(null);
  let ack: ((answer: Body) => void) | undefined;
  a.events.on("answered", (e) => {
    assert.deepEqual(e.body, SDP, "the offer came in the 2xx");
    ack = e.ack;
  });
  net.deliverAll();
  const b = incoming[0]!;
  assert.equal(b.remoteBody, undefined, "no offer in the INVITE");
  let confirmedWith: Body | undefined;
  b.events.on("confirmed", (e) => {
    confirmedWith = e.body;
  });
  b.answer(SDP);
  net.deliverAll();
  assert.equal(net.requests("ACK").length, 0, "the ACK waits for the answer");
  assert.ok(ack);
  ack(ANSWER);
  net.deliverAll();
  assert.deepEqual(confirmedWith, ANSWER);
  assert.deepEqual(net.requests("ACK")[0]!.body, ANSWER.body);
  assert.equal(b.state, "confirmed");
});

test("after close() the layer refuses new INVITEs with 503 but finishes the calls in progress", () => {
  const { net, a, alice, bob, call } = established({ sessionTimer: false });
  bob.dialogs.close();
  bob.dialogs.close();
  net.deliverAll();
  assert.equal(a.termination?.cause, "bye");
  call();
  net.deliverAll();
  assert.equal(net.responses(503).length, 1);
  assert.equal(alice.dialogs.sessions.length, 0);
});

test("an INVITE nobody answers ends with Timer B (64*T1) as a timeout", () => {
  const { net, clock, alice } = pair({ sessionTimer: false });
  const a = alice.dialogs.invite({
    to: parseUri("sip:nobody@192.0.2.99"),
    from: parseUri("sip:alice@example.com"),
  });
  net.deliverAll();
  assert.equal(net.log.at(-1)!.undelivered, true);
  clock.advance(32_000 - 1);
  assert.equal(a.state, "calling");
  clock.advance(1);
  assert.deepEqual(a.termination, { cause: "timeout", by: "local", status: 408 });
  assert.equal(alice.dialogs.sessions.length, 0);
});

test("a BYE on an early dialog ends the callee's session; the INVITE gets 487 (RFC 3261 §15, §15.1.2)", () => {
  const { net, call, incoming, alice } = pair({ sessionTimer: false });
  const a = call();
  net.deliverAll();
  const b = incoming[0]!;
  b.progress(183, { body: ANSWER });
  net.deliverAll();
  const early = a.earlyDialogs[0]!;
  assert.equal(early.state, "early");
  const ends: Array<[string, Termination]> = [];
  b.events.on("terminated", (t) => ends.push(["b", t]));
  a.events.on("terminated", (t) => ends.push(["a", t]));
  // The caller MAY send BYE on an early dialog (§15): built by the early dialog itself.
  const { request } = early.createRequest("BYE", alice.ids);
  alice.transactions.sendRequest(request, { protocol: "UDP", address: "192.0.2.2", port: 5060 });
  net.deliverAll();
  assert.equal(net.responses(200).filter((r) => getCSeq(r)!.method === "BYE").length, 1);
  assert.equal(net.responses(487).length, 1, "the pending INVITE is answered 487");
  assert.deepEqual(ends, [
    ["b", { cause: "bye", by: "remote" }],
    ["a", { cause: "rejected", by: "remote", status: 487 }],
  ]);
});
