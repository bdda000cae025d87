import assert from "node:assert/strict";
import { test } from "node:test";
import { StateError } from "../../base/index.ts";
import { getCSeq, getHeader, parseNameAddr, type SipRequest } from "../message/index.ts";
import type { Body } from "./body.ts";
import type { OfferEvent } from "./invite-session-events.ts";
import { established, pair } from "./test-calls.ts";

const sdp = (s: string): Body => ({ contentType: "application/sdp", body: Buffer.from(s) });
const HOLD = sdp("v=0\r\na=sendonly\r\n");
const HELD = sdp("v=0\r\na=recvonly\r\n");
const RESUME = sdp("v=0\r\na=sendrecv\r\n");

test("re-INVITE hold and resume: offer/answer bodies, ACK with the re-INVITE's CSeq, CSeq +1 each", async () => {
  const { net, a, b } = established({ sessionTimer: false });
  const offers: string[] = [];
  b.events.on("reinvite", (e) => {
    offers.push(e.offer!.body.toString());
    e.accept(e.offer === HOLD || e.offer?.body.includes("sendonly") ? HELD : RESUME);
  });
  const acks: number[] = [];
  b.events.on("ack", (e) => acks.push(getCSeq(e.request)!.seq));
  const hold = a.reinvite(HOLD);
  net.deliverAll();
  const held = await hold;
  assert.equal(held.status, 200);
  assert.deepEqual(a.remoteBody, HELD);
  assert.deepEqual(a.localBody, HOLD);
  const resume = a.reinvite(RESUME);
  net.deliverAll();
  assert.equal((await resume).status, 200);
  assert.deepEqual(offers, ["v=0\r\na=sendonly\r\n", "v=0\r\na=sendrecv\r\n"]);
  const invites = net.requests("INVITE").map((r) => getCSeq(r)!.seq);
  assert.deepEqual(invites, [1, 2, 3]);
  assert.deepEqual(acks, [2, 3], "each re-INVITE 2xx was ACKed with its own CSeq");
  assert.equal(a.state, "confirmed");
  assert.equal(b.state, "confirmed");
});

test("a rejected re-INVITE leaves the session as it was (RFC 3261 §14.1)", async () => {
  const { net, a, b } = established({ sessionTimer: false });
  b.events.on("reinvite", (e) => e.reject(488));
  const before = a.remoteBody;
  const p = a.reinvite(HOLD);
  net.deliverAll();
  assert.equal((await p).status, 488);
  assert.equal(a.state, "confirmed");
  assert.equal(a.remoteBody, before);
  assert.equal(net.requests("ACK").length, 2, "the ACK for the 488 (hop-by-hop) besides the first");
});

test("glare: both re-INVITE, both get 491, and each retries within its §14.1 window", async () => {
  const { net, clock, a, b } = established({ sessionTimer: false });
  a.events.on("reinvite", (e) => e.accept(HELD));
  b.events.on("reinvite", (e) => e.accept(HELD));
  const pa = a.reinvite(HOLD); // alice owns the Call-ID (she sent the INVITE)
  const pb = b.reinvite(HOLD);
  net.deliverAll();
  assert.equal(net.responses(491).length, 2);
  const t491 = clock.now();
  const sends = () =>
    net.log
      .filter((r) => r.message.kind === "request" && r.message.method === "INVITE")
      .slice(1) // not the initial INVITE
      .map((r) => ({ from: r.from, at: r.at }));
  for (let i = 0; i < 500; i++) {
    clock.advance(10);
    net.deliverAll();
  }
  const [ra, rb] = [await pa, await pb];
  assert.equal(ra.status, 200);
  assert.equal(rb.status, 200);
  const retries = sends().slice(2);
  const aRetry = retries.find((s) => s.from === "192.0.2.1:5060")!;
  const bRetry = retries.find((s) => s.from === "192.0.2.2:5060")!;
  assert.ok(aRetry.at - t491 >= 2100 && aRetry.at - t491 <= 4000, `owner waited ${aRetry.at - t491} ms`);
  assert.ok(bRetry.at - t491 >= 0 && bRetry.at - t491 <= 2000, `non-owner waited ${bRetry.at - t491} ms`);
  assert.equal(retries.length, 2, "one retry each");
});

test("no re-INVITE while another INVITE transaction is in progress (RFC 3261 §14.1, §14.2)", () => {
  const { net, a, b, alice, bob } = established({ sessionTimer: false });
  const pending: OfferEvent[] = [];
  b.events.on("reinvite", (e) => pending.push(e));
  void a.reinvite(HOLD);
  assert.throws(() => a.reinvite(RESUME), StateError, "ours is pending");
  net.deliverAll();
  assert.equal(pending.length, 1, "b has not answered yet");
  assert.throws(() => b.reinvite(RESUME), StateError, "the peer's is pending");
  // A second re-INVITE from the peer while the first is unanswered → 500 + Retry-After 0-10 s.
  const { request } = a.dialog!.createRequest("INVITE", alice.ids, {
    body: RESUME,
    headers: [["Contact", "<sip:alice@192.0.2.1:5060>"]],
  });
  bob.node.inject(request as SipRequest, { address: "192.0.2.1", port: 5060 });
  net.deliverAll();
  const r500 = net.responses(500);
  assert.equal(r500.length, 1);
  const retryAfter = Number(getHeader(r500[0]!, "Retry-After"));
  assert.ok(retryAfter >= 0 && retryAfter <= 10);
  pending[0]!.accept(HELD);
  net.deliverAll();
  assert.equal(b.state, "confirmed");
});

test("UPDATE (RFC 3311) carries an offer and its answer inside the dialog", async () => {
  const { net, a, b } = established({ sessionTimer: false });
  b.events.on("update", (e) => e.accept(HELD));
  const p = a.update(HOLD);
  net.deliverAll();
  const o = await p;
  assert.equal(o.status, 200);
  assert.deepEqual(a.remoteBody, HELD);
  assert.deepEqual(b.remoteBody, HOLD);
  assert.equal(net.requests("ACK").length, 1, "UPDATE is not ACKed");
});

test("illegal session operations are rejected by the table's guard", () => {
  const { a, b } = established({ sessionTimer: false });
  assert.throws(() => b.answer(), StateError);
  assert.throws(() => b.progress(180), StateError);
  assert.throws(() => b.reject(486), StateError);
  a.close();
  assert.throws(() => a.reinvite(HOLD), StateError);
  assert.throws(() => a.info(HOLD), StateError);
});

test("a re-INVITE waiting out its glare delay settles (481) when the session ends meanwhile", async () => {
  const { net, a, b } = established({ sessionTimer: false });
  b.events.on("reinvite", (e) => e.reject(491));
  const p = a.reinvite(HOLD);
  net.deliverAll();
  a.close();
  net.deliverAll();
  assert.deepEqual(await p, { status: 481, reason: "Call/Transaction Does Not Exist" });
  assert.equal(net.requests("INVITE").length, 2, "no retry after the BYE");
});

test("a re-INVITE is a target refresh: the peer's remote target follows the new Contact (RFC 3261 §12.2.2)", async () => {
  const { net, a, b } = established({ sessionTimer: false });
  b.events.on("reinvite", (e) => e.accept(HELD));
  a.dialog!.localContact = parseNameAddr("<sip:alice@192.0.2.1:5062>");
  const p = a.reinvite(HOLD);
  net.deliverAll();
  assert.equal((await p).status, 200);
  const t = b.dialog!.remoteTarget;
  assert.equal(t.type === "sip" && t.port, 5062);
});

test("UPDATE inside an early dialog (RFC 3311 §5.1): the caller re-offers before the answer", async () => {
  const { net, call, incoming } = pair({ sessionTimer: false });
  const a = call();
  net.deliverAll();
  const b = incoming[0]!;
  b.progress(183, { body: HELD });
  net.deliverAll();
  const offers: Body[] = [];
  b.events.on("update", (e) => {
    offers.push(e.offer!);
    e.accept(RESUME);
  });
  const p = a.update(HOLD);
  net.deliverAll();
  assert.equal((await p).status, 200);
  assert.deepEqual(offers, [HOLD]);
  assert.equal(a.state, "proceeding");
  assert.deepEqual(a.remoteBody, RESUME);
});
