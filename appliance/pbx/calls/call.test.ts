import assert from "node:assert/strict";
import { test } from "node:test";
import { SeededRandom } from "../../base/index.ts";
import { toneSamples } from "../../media/index.ts";
import type { InviteSession, Termination } from "../../sip/dialog/index.ts";
import { getHeader } from "../../sip/message/index.ts";
import { LoopedMusicOnHold } from "../hold/music-on-hold.ts";
import { aggregateFailure } from "./call.ts";
import { sdpOf } from "./sdp-bridge.ts";
import { phoneSdp, world } from "./testing.ts";

function ended(s: InviteSession): Termination | undefined {
  return s.termination;
}

test("parallel ring: the first answer wins, the other fork is cancelled, media anchored", async () => {
  const w = world();
  const alice = w.phone("1001", "192.0.2.1");
  const desk = w.phone("1002", "192.0.2.2");
  const mobile = w.phone("1002", "192.0.2.3");
  const a = w.dial(alice, "1002");
  await w.settle();
  assert.equal(desk.incoming.length, 1);
  assert.equal(mobile.incoming.length, 1);
  // Caller ID: the calling extension's display name and number.
  const from = getHeader(desk.incoming[0]!.request, "From") ?? "";
  assert.match(from, /"?Alice"? <sip:1001@pbx\.test>/);
  // The offer to the callee points at the relay's b leg.
  const offerB = sdpOf(desk.incoming[0]!.remoteBody)!;
  assert.equal(offerB.connection?.address, "192.0.2.10");
  assert.equal(offerB.media[0]!.port, 20002);
  desk.incoming[0]!.progress(180);
  mobile.incoming[0]!.progress(180);
  await w.settle();
  mobile.incoming[0]!.answer(phoneSdp("192.0.2.3", 6000));
  await w.settle();
  assert.equal(a.state, "confirmed");
  const answerA = sdpOf(a.remoteBody)!;
  assert.equal(answerA.connection?.address, "192.0.2.10");
  assert.equal(answerA.media[0]!.port, 20000);
  // RFC 3261 §9.1: the losing fork is cancelled, RFC 3326 §2: "completed elsewhere".
  assert.equal(w.net.requests("CANCEL", "192.0.2.10:5060").length, 1);
  const cancel = w.net.requests("CANCEL", "192.0.2.10:5060")[0]!;
  assert.equal(getHeader(cancel, "Reason"), 'SIP;cause=200;text="Call completed elsewhere"');
  assert.equal(ended(desk.incoming[0]!)?.cause, "cancel");
  const m = w.media.sessions[0]!;
  assert.deepEqual(m.remotes.a && [m.remotes.a.address, m.remotes.a.port], ["192.0.2.1", 4000]);
  assert.deepEqual(m.remotes.b && [m.remotes.b.address, m.remotes.b.port], ["192.0.2.3", 6000]);
  w.clock.advance(65_000);
  mobile.incoming[0]!.close(); // the callee hangs up: BYE
  await w.settle();
  assert.equal(a.terminated, true, "the caller got a BYE too");
  assert.equal(m.closed, true);
  const cdr = w.cdr.records[0]!;
  assert.equal(cdr.outcome, "answered");
  assert.equal(cdr.status, 200);
  assert.equal(cdr.endedBy, "callee");
  assert.equal(cdr.from, "1001");
  assert.equal(cdr.to, "1002");
  assert.ok(cdr.billableSeconds >= 65, `billable ${cdr.billableSeconds}`);
});

test("busy everywhere → 486 to the caller, CDR busy", async () => {
  const w = world();
  const alice = w.phone("1001", "192.0.2.1");
  const b1 = w.phone("1002", "192.0.2.2");
  const b2 = w.phone("1002", "192.0.2.3");
  const a = w.dial(alice, "1002");
  await w.settle();
  b1.incoming[0]!.reject(486);
  await w.settle();
  assert.equal(a.terminated, false, "still ringing the other contact");
  b2.incoming[0]!.reject(486);
  await w.settle();
  assert.equal(ended(a)?.status, 486);
  assert.equal(w.cdr.records[0]?.outcome, "busy");
  assert.equal(w.media.sessions[0]!.closed, true);
});

test("no answer: the ring timeout cancels the forks and answers 480", async () => {
  const w = world({ ringTimeoutMs: 20_000 });
  const alice = w.phone("1001", "192.0.2.1");
  const bob = w.phone("1002", "192.0.2.2");
  const a = w.dial(alice, "1002");
  await w.settle();
  bob.incoming[0]!.progress(180);
  await w.settle();
  w.clock.advance(19_999);
  await w.settle();
  assert.equal(a.terminated, false);
  w.clock.advance(1);
  await w.settle();
  assert.equal(ended(a)?.status, 480);
  assert.equal(ended(bob.incoming[0]!)?.cause, "cancel");
  // Nobody answered: no "completed elsewhere" (RFC 3326 §2).
  assert.equal(getHeader(w.net.requests("CANCEL")[0]!, "Reason"), undefined);
  assert.equal(w.cdr.records[0]?.outcome, "no-answer");
});

test("no answer with a configured next destination: that extension rings instead", async () => {
  const w = world({ ringTimeoutMs: 20_000 });
  const alice = w.phone("1001", "192.0.2.1");
  const first = w.phone("1004", "192.0.2.4");
  const next = w.phone("1003", "192.0.2.3");
  const a = w.dial(alice, "1004");
  await w.settle();
  first.incoming[0]!.progress(180);
  await w.settle();
  assert.equal(next.incoming.length, 0);
  w.clock.advance(20_000);
  await w.settle();
  assert.equal(first.incoming[0]!.termination?.cause, "cancel");
  assert.equal(next.incoming.length, 1, "the no-answer destination rings");
  next.incoming[0]!.answer(phoneSdp("192.0.2.3", 6000));
  await w.settle();
  assert.equal(a.state, "confirmed");
  a.close();
  await w.settle();
  // One record per attempt, linked by the caller's Call-ID: 1004 unanswered, then 1003.
  const [first1004, then1003] = w.cdr.records;
  assert.equal(first1004?.outcome, "no-answer");
  assert.equal(first1004?.forwardedTo, "extension:1003");
  assert.equal(then1003?.answeredBy, "1003");
  assert.equal(then1003?.callId, first1004?.callId);
});

test("no registered contact → 480, CDR no-answer with status 480", async () => {
  const w = world();
  const alice = w.phone("1001", "192.0.2.1");
  const a = w.dial(alice, "1003");
  await w.settle();
  assert.equal(ended(a)?.status, 480);
  assert.equal(w.cdr.records[0]?.status, 480);
});

test("the caller cancels before an answer → every fork is cancelled, CDR cancelled", async () => {
  const w = world();
  const alice = w.phone("1001", "192.0.2.1");
  const b1 = w.phone("1002", "192.0.2.2");
  const b2 = w.phone("1002", "192.0.2.3");
  const a = w.dial(alice, "1002");
  await w.settle();
  b1.incoming[0]!.progress(180);
  b2.incoming[0]!.progress(180);
  await w.settle();
  a.close(); // CANCEL
  await w.settle();
  assert.equal(ended(a)?.status, 487);
  assert.equal(ended(b1.incoming[0]!)?.cause, "cancel");
  assert.equal(ended(b2.incoming[0]!)?.cause, "cancel");
  assert.equal(w.cdr.records[0]?.outcome, "cancelled");
});

test("early media: a 183 with SDP reaches the caller with the relay's address", async () => {
  const w = world();
  const alice = w.phone("1001", "192.0.2.1");
  const bob = w.phone("1002", "192.0.2.2");
  const a = w.dial(alice, "1002");
  const seen: number[] = [];
  a.events.on("provisional", (p) => {
    if (p.body) seen.push(sdpOf(p.body)!.media[0]!.port);
  });
  await w.settle();
  bob.incoming[0]!.progress(183, { body: phoneSdp("192.0.2.2", 7000) });
  await w.settle();
  assert.deepEqual(seen, [20000]);
  assert.equal(w.media.sessions[0]!.remotes.b?.port, 7000);
  bob.incoming[0]!.answer(phoneSdp("192.0.2.2", 7000));
  await w.settle();
  assert.equal(sdpOf(a.remoteBody)!.media[0]!.port, 20000);
  assert.equal(a.state, "confirmed");
});

test("each leg picks its own law: PCMA caller, PCMU callee (the relay transcodes)", async () => {
  const w = world();
  const alice = w.phone("1001", "192.0.2.1");
  const bob = w.phone("1002", "192.0.2.2");
  w.dial(alice, "1002", phoneSdp("192.0.2.1", 4000, "sendrecv", "8 101"));
  await w.settle();
  bob.incoming[0]!.answer(phoneSdp("192.0.2.2", 6000, "sendrecv", "0 101"));
  await w.settle();
  const m = w.media.sessions[0]!;
  assert.equal(m.remotes.a?.codec.encoding, "PCMA");
  assert.equal(m.remotes.b?.codec.encoding, "PCMU");
});

test("an unauthenticated caller is refused with the authorizer's status", async () => {
  const w = world();
  const eve = w.phone("intruder", "192.0.2.66");
  const a = w.dial(eve, "1002");
  await w.settle();
  assert.equal(ended(a)?.status, 403);
  assert.equal(w.media.sessions.length, 0);
});

test("hold with music: the held side hears music, resume restores the relay", async () => {
  const w = world({
    moh: (clock) =>
      new LoopedMusicOnHold(
        clock,
        new SeededRandom(9),
        toneSamples({ frequencies: [400], amplitude: 6000 }, 800),
      ),
  });
  const alice = w.phone("1001", "192.0.2.1");
  const bob = w.phone("1002", "192.0.2.2");
  const a = w.dial(alice, "1002");
  await w.settle();
  bob.incoming[0]!.answer(phoneSdp("192.0.2.2", 6000));
  await w.settle();
  const outcome = a.reinvite(phoneSdp("192.0.2.1", 4000, "sendonly"));
  await w.settle();
  const o = await outcome;
  assert.equal(o.status, 200);
  const answer = sdpOf(a.remoteBody)!;
  assert.ok(
    answer.media[0]!.attributes.some((x) => x.name === "recvonly"),
    "RFC 3264 §6.1: recvonly",
  );
  const m = w.media.sessions[0]!;
  assert.equal(m.modes.b, "local", "the held callee hears local audio");
  w.clock.advance(100);
  assert.ok(m.sent.b >= 4, `music frames sent: ${m.sent.b}`);
  assert.equal(w.net.requests("INVITE", "192.0.2.10:5060").length, 1, "the hold is not relayed to B");
  const resumed = a.reinvite(phoneSdp("192.0.2.1", 4000, "sendrecv"));
  await w.settle();
  assert.equal((await resumed).status, 200);
  assert.equal(m.modes.b, "relay");
  const before = m.sent.b;
  w.clock.advance(100);
  assert.equal(m.sent.b, before, "the music stopped");
});

test("without music the hold is relayed across the bridge as a re-INVITE", async () => {
  const w = world();
  const alice = w.phone("1001", "192.0.2.1");
  const bob = w.phone("1002", "192.0.2.2");
  const a = w.dial(alice, "1002");
  await w.settle();
  const b = bob.incoming[0]!;
  b.answer(phoneSdp("192.0.2.2", 6000));
  await w.settle();
  const offers: string[] = [];
  b.events.on("reinvite", (e) => {
    offers.push(e.offer?.body.toString() ?? "");
    e.accept(phoneSdp("192.0.2.2", 6000, "recvonly"));
  });
  const held = a.reinvite(phoneSdp("192.0.2.1", 4000, "inactive"));
  await w.settle();
  assert.equal((await held).status, 200);
  assert.equal(offers.length, 1);
  assert.match(offers[0]!, /a=inactive/);
  assert.match(offers[0]!, /c=IN IP4 192\.0\.2\.10/);
});

test("a re-INVITE crossing the one the PBX relays: 491, then both succeed after the retry", async () => {
  const w = world();
  const alice = w.phone("1001", "192.0.2.1");
  const bob = w.phone("1002", "192.0.2.2");
  const a = w.dial(alice, "1002");
  await w.settle();
  const b = bob.incoming[0]!;
  b.answer(phoneSdp("192.0.2.2", 6000));
  await w.settle();
  // Bob's own re-INVITE is in flight toward the PBX when Alice holds.
  const mine = b.reinvite(phoneSdp("192.0.2.2", 6000));
  const held = a.reinvite(phoneSdp("192.0.2.1", 4000, "sendonly"));
  await w.settle();
  assert.ok(w.net.responses(491).length >= 1, "the crossing re-INVITE got 491");
  w.clock.advance(5_000); // RFC 3261 §14.1: the retry after the glare delay
  await w.settle();
  assert.deepEqual([(await mine).status, (await held).status], [200, 200]);
  assert.equal(a.state, "confirmed");
  assert.equal(b.state, "confirmed");
});

test("aggregateFailure: all busy → 486, a 6xx wins, otherwise 480", () => {
  assert.equal(aggregateFailure([486, 486]), 486);
  assert.equal(aggregateFailure([480, 603]), 603);
  assert.equal(aggregateFailure([408, 480]), 480);
  assert.equal(aggregateFailure([]), 480);
});
