import assert from "node:assert/strict";
import { test } from "node:test";
import { getCSeq, getTopVia, parseMessage, type SipRequest, viaBranch } from "../message/index.ts";
import type { Termination } from "./invite-session-events.ts";
import { pair } from "./test-calls.ts";

function cseqMethod(m: { headers: { name: string; value: string }[] }): string {
  return getCSeq(m)!.method;
}

test("CANCEL before the answer: 200 to the CANCEL, 487 to the INVITE, ACK by the transaction (RFC 3261 §9)", () => {
  const { net, call, incoming } = pair();
  const a = call();
  net.deliverAll();
  const b = incoming[0]!;
  b.progress(180);
  net.deliverAll();
  const ends: Array<[string, Termination]> = [];
  a.events.on("terminated", (t) => ends.push(["a", t]));
  b.events.on("terminated", (t) => ends.push(["b", t]));
  a.close();
  a.close();
  net.deliverAll();
  const cancels = net.requests("CANCEL");
  assert.equal(cancels.length, 1, "one CANCEL however often close() is called");
  const invite = net.requests("INVITE")[0]!;
  assert.equal(
    viaBranch(getTopVia(cancels[0]!)!),
    viaBranch(getTopVia(invite)!),
    "§9.1: same branch as the INVITE",
  );
  assert.equal(net.responses(200).filter((r) => cseqMethod(r) === "CANCEL").length, 1);
  assert.equal(net.responses(487).length, 1);
  const ack = net.requests("ACK")[0]!;
  assert.equal(viaBranch(getTopVia(ack)!), viaBranch(getTopVia(invite)!), "the ACK for 487 is hop-by-hop");
  assert.deepEqual(ends, [
    ["b", { cause: "cancel", by: "remote", status: 487 }],
    ["a", { cause: "cancel", by: "local", status: 487 }],
  ]);
  assert.throws(() => b.answer(), /illegal transition/, "a cancelled session cannot be answered");
});

test("close() before any provisional: the CANCEL waits for the 100 Trying (RFC 3261 §9.1)", () => {
  const { net, call } = pair();
  const a = call();
  a.close();
  assert.equal(a.state, "cancelling");
  assert.equal(net.requests("CANCEL").length, 0, "no CANCEL without a provisional");
  net.deliverAll();
  assert.equal(net.requests("CANCEL").length, 1, "sent once the 100 arrived");
  assert.equal(a.termination?.cause, "cancel");
});

test("CANCEL racing a 200: the 200 wins, the caller ACKs it and sends BYE (RFC 3261 §9.1, §15)", () => {
  const { net, call, incoming } = pair();
  const a = call();
  net.deliverAll();
  const b = incoming[0]!;
  b.progress(180);
  net.deliverAll();
  a.close(); // CANCEL on the wire...
  b.answer(); // ...while the 200 is on its way
  const ends: Array<[string, Termination]> = [];
  a.events.on("terminated", (t) => ends.push(["a", t]));
  b.events.on("terminated", (t) => ends.push(["b", t]));
  net.deliverAll();
  assert.equal(
    net.responses(200).filter((r) => cseqMethod(r) === "CANCEL").length,
    1,
    "the CANCEL is answered 200",
  );
  assert.equal(net.responses(487).length, 0, "but has no effect on an answered INVITE");
  assert.equal(net.requests("ACK").length, 1);
  assert.equal(net.requests("BYE").length, 1);
  assert.deepEqual(ends, [
    ["a", { cause: "cancel", by: "local" }],
    ["b", { cause: "bye", by: "remote" }],
  ]);
});

test("a CANCEL that matches no transaction is answered 481 (RFC 3261 §9.2)", () => {
  const { net, bob } = pair();
  const cancel = parseMessage(
    Buffer.from(
      [
        "CANCEL sip:bob@192.0.2.2 SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnothing",
        "Max-Forwards: 70",
        "From: <sip:alice@example.com>;tag=f1",
        "To: <sip:bob@192.0.2.2>",
        "Call-ID: nope",
        "CSeq: 1 CANCEL",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    ),
  ) as SipRequest;
  bob.node.inject(cancel, { address: "192.0.2.1", port: 5060 });
  net.deliverAll();
  assert.equal(net.responses(481).length, 1);
});

test("no final response 64*T1 after the CANCEL: the INVITE is given up (RFC 3261 §9.1)", () => {
  const { net, clock, call, incoming } = pair();
  const a = call();
  net.deliverAll();
  incoming[0]!.progress(180);
  net.deliverAll();
  net.drop = (m) => m.kind === "request" && m.method === "CANCEL"; // the CANCEL is lost for good
  a.close();
  net.deliverAll();
  clock.advance(32_000 - 1);
  assert.equal(a.terminated, false);
  clock.advance(1);
  assert.deepEqual(a.termination, { cause: "cancel", by: "local" });
});
