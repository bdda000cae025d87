import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../base/index.ts";
import { createResponse, getCSeq, parseUri, type SipRequest, type SipResponse } from "../message/index.ts";
import type { ProvisionalEvent } from "./invite-session-events.ts";
import { createStack, MemoryNetwork } from "./testing.ts";

// alice calls through a forking proxy at 192.0.2.20 that the test plays by hand: two phones
// (192.0.2.21 and .22) ring and both answer.
function forkSetup() {
  const clock = new ManualClock();
  const net = new MemoryNetwork(clock);
  const alice = createStack(net, clock, {
    address: "192.0.2.1",
    user: "alice",
    seed: 7,
    sessionTimer: false,
  });
  const a = alice.dialogs.invite({
    to: parseUri("sip:bob@example.com"),
    from: parseUri("sip:alice@example.com"),
    requestUri: parseUri("sip:bob@192.0.2.20"),
  });
  net.deliverAll();
  const invite = net.requests("INVITE")[0]!;
  const proxy = { address: "192.0.2.20", port: 5060 };
  const respond = (status: number, tag: string, host: string): SipResponse =>
    createResponse(invite, status, { toTag: tag, headers: [["Contact", `<sip:bob@${host}>`]] });
  const send = (res: SipResponse) => {
    alice.node.inject(res, proxy);
    net.deliverAll();
  };
  const sentTo = (method: string, host: string): SipRequest[] =>
    net.log
      .filter((r) => r.message.kind === "request" && r.message.method === method && r.to === `${host}:5060`)
      .map((r) => r.message as SipRequest);
  return { clock, net, alice, a, invite, respond, send, sentTo };
}

test("forking: two early dialogs; the first 2xx wins, the second gets ACK + BYE (RFC 3261 §13.2.2.4)", () => {
  const { a, respond, send, sentTo, alice } = forkSetup();
  const early: ProvisionalEvent[] = [];
  a.events.on("provisional", (e) => early.push(e));
  send(respond(180, "fork1", "192.0.2.21"));
  send(respond(183, "fork2", "192.0.2.22"));
  assert.equal(a.earlyDialogs.length, 2, "one early dialog per fork");
  assert.deepEqual(
    early.map((e) => [e.status, e.dialog?.id.remoteTag]),
    [
      [180, "fork1"],
      [183, "fork2"],
    ],
  );
  assert.equal(alice.dialogs.dialogCount, 2);
  send(respond(200, "fork2", "192.0.2.22"));
  assert.equal(a.state, "confirmed");
  assert.equal(a.dialog!.id.remoteTag, "fork2");
  assert.equal(a.earlyDialogs.length, 0, "the other early dialog ended");
  assert.equal(alice.dialogs.dialogCount, 1);
  assert.equal(sentTo("ACK", "192.0.2.22").length, 1, "ACK to the winner's Contact");
  send(respond(200, "fork1", "192.0.2.21"));
  assert.equal(sentTo("ACK", "192.0.2.21").length, 1, "the losing 2xx is ACKed...");
  const bye = sentTo("BYE", "192.0.2.21");
  assert.equal(bye.length, 1, "...and its dialog ended with BYE");
  assert.equal(getCSeq(bye[0]!)!.seq, 2);
  assert.equal(a.state, "confirmed", "the winning session goes on");
  assert.equal(sentTo("BYE", "192.0.2.22").length, 0);
});

test("a retransmitted 2xx is ACKed again, also after the INVITE transaction ended (RFC 3261 §13.2.2.4)", () => {
  const { clock, a, respond, send, sentTo, alice } = forkSetup();
  const ok = respond(200, "only", "192.0.2.21");
  send(ok);
  send(ok);
  assert.equal(sentTo("ACK", "192.0.2.21").length, 2);
  clock.advance(32_000); // Timer M: the client transaction is gone
  assert.equal(alice.transactions.counts.client, 0);
  send(ok);
  const acks = sentTo("ACK", "192.0.2.21");
  assert.equal(acks.length, 3, "the stray 2xx was matched to the dialog and re-ACKed");
  assert.deepEqual(acks[2], acks[0], "the same ACK");
  assert.equal(sentTo("BYE", "192.0.2.21").length, 0);
  assert.equal(a.state, "confirmed");
});

test("a non-2xx final response ends every early dialog", () => {
  const { a, respond, send, alice } = forkSetup();
  send(respond(180, "f1", "192.0.2.21"));
  send(respond(180, "f2", "192.0.2.22"));
  const dialogs = a.earlyDialogs;
  send(respond(486, "f1", "192.0.2.21"));
  assert.deepEqual(a.termination, { cause: "rejected", by: "remote", status: 486 });
  assert.deepEqual(
    dialogs.map((d) => d.state),
    ["terminated", "terminated"],
  );
  assert.equal(alice.dialogs.dialogCount, 0);
});
