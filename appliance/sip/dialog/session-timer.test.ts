import assert from "node:assert/strict";
import { test } from "node:test";
import { getCSeq, getHeader, parseMessage, type SipRequest, type SipResponse } from "../message/index.ts";
import type { Termination } from "./invite-session-events.ts";
import {
  expiryDelay,
  negotiateAsUas,
  parseSessionExpires,
  refreshDelay,
  timerFromResponse,
} from "./session-timer.ts";
import { established, pair } from "./test-calls.ts";

function invite(extra: string[]): SipRequest {
  return parseMessage(
    Buffer.from(
      [
        "INVITE sip:bob@192.0.2.2 SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKst",
        "Max-Forwards: 70",
        "From: <sip:alice@example.com>;tag=a",
        "To: <sip:bob@example.com>",
        "Call-ID: st",
        "CSeq: 1 INVITE",
        "Contact: <sip:alice@192.0.2.1>",
        ...extra,
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    ),
  ) as SipRequest;
}

test("RFC 4028 §9 negotiation: 422 below Min-SE, refresher kept or chosen, Require: timer for uac", () => {
  const cfg = { expires: 1800, minSE: 90 };
  assert.deepEqual(negotiateAsUas(invite(["Supported: timer", "Session-Expires: 60"]), cfg), {
    kind: "reject",
    status: 422,
    headers: [["Min-SE", "90"]],
  });
  assert.deepEqual(negotiateAsUas(invite(["Supported: timer", "Session-Expires: 600;refresher=uas"]), cfg), {
    kind: "accept",
    state: { interval: 600, weRefresh: true },
    headers: [["Session-Expires", "600;refresher=uas"]],
  });
  assert.deepEqual(negotiateAsUas(invite(["Supported: timer", "Session-Expires: 600"]), cfg), {
    kind: "accept",
    state: { interval: 600, weRefresh: false },
    headers: [
      ["Session-Expires", "600;refresher=uac"],
      ["Require", "timer"],
    ],
  });
  // A UAC without timer support: the UAS refreshes, and raises a too-small interval itself.
  assert.deepEqual(negotiateAsUas(invite(["Session-Expires: 60"]), cfg), {
    kind: "accept",
    state: { interval: 90, weRefresh: true },
    headers: [["Session-Expires", "90;refresher=uas"]],
  });
  assert.deepEqual(negotiateAsUas(invite([]), undefined), { kind: "none" });
  assert.deepEqual(parseSessionExpires("1800 ; refresher=UAC"), { delta: 1800, refresher: "uac" });
  assert.equal(refreshDelay(1800), 900_000);
  assert.equal(expiryDelay(1800), 1_768_000, "32 s before expiry");
  assert.equal(expiryDelay(90), 60_000, "a third of the interval before expiry");
  const ok = parseMessage(
    Buffer.from("SIP/2.0 200 OK\r\nSession-Expires: 300;refresher=uas\r\nContent-Length: 0\r\n\r\n"),
  ) as SipResponse;
  assert.deepEqual(timerFromResponse(ok), { interval: 300, weRefresh: false }, "the UAC reads refresher=uas");
});

test("the refresher sends an UPDATE at half the interval; the other side's expiry restarts", () => {
  const { net, clock, a, b } = established();
  assert.deepEqual(a.sessionTimer, { interval: 1800, weRefresh: true }, "bob chose refresher=uac");
  assert.deepEqual(b.sessionTimer, { interval: 1800, weRefresh: false });
  clock.advance(899_999);
  net.deliverAll();
  assert.equal(net.requests("UPDATE").length, 0);
  clock.advance(1);
  net.deliverAll();
  const updates = net.requests("UPDATE");
  assert.equal(updates.length, 1, "refresh at 900 s, by UPDATE since bob allows it");
  assert.equal(getHeader(updates[0]!, "Session-Expires"), "1800;refresher=uac");
  assert.equal(updates[0]!.body.length, 0);
  // bob's expiry moved: nothing happens at 1768 s after the start...
  clock.advance(1_768_000 - 900_000);
  net.deliverAll();
  assert.equal(b.state, "confirmed");
  assert.equal(net.requests("UPDATE").length, 1);
  clock.advance(32_000);
  net.deliverAll();
  assert.equal(net.requests("UPDATE").length, 2, "...and alice refreshed again at 1800 s");
  assert.equal(net.requests("BYE").length, 0);
});

test("without refreshes the session expires: BYE 32 s before the end (RFC 4028 §10)", () => {
  const { net, clock, a, b } = established();
  net.drop = (m) => m.kind === "request" && m.method === "UPDATE";
  const ends: Array<[string, Termination]> = [];
  a.events.on("terminated", (t) => ends.push(["a", t]));
  b.events.on("terminated", (t) => ends.push(["b", t]));
  clock.advance(900_000 + 32_000); // the refresh times out (Timer F) → 408
  net.deliverAll();
  assert.deepEqual(
    ends,
    [["a", { cause: "dialogGone", by: "remote", status: 408 }]],
    "§12.2.1.2: 408 ends the dialog",
  );
  clock.advance(1_768_000 - 932_000 - 1);
  net.deliverAll();
  assert.equal(b.state, "confirmed");
  clock.advance(1);
  net.deliverAll();
  assert.deepEqual(ends[1], ["b", { cause: "sessionExpired", by: "local" }]);
  assert.equal(net.requests("BYE").length, 1);
});

test("422: the UAC retries with the Min-SE it was given (RFC 4028 §7.4)", () => {
  const { net, call, incoming } = pair(
    { sessionTimer: { expires: 600, minSE: 90 } },
    { sessionTimer: { expires: 1800, minSE: 1000 } },
  );
  const a = call();
  net.deliverAll();
  assert.equal(net.responses(422).length, 1);
  assert.equal(getHeader(net.responses(422)[0]!, "Min-SE"), "1000");
  const invites = net.requests("INVITE");
  assert.equal(invites.length, 2);
  assert.equal(getHeader(invites[0]!, "Session-Expires"), "600");
  assert.equal(getHeader(invites[1]!, "Session-Expires"), "1000");
  assert.equal(getHeader(invites[1]!, "Min-SE"), "1000");
  assert.equal(getCSeq(invites[1]!)!.seq, 2, "a new CSeq, same Call-ID");
  assert.equal(getHeader(invites[1]!, "Call-ID"), getHeader(invites[0]!, "Call-ID"));
  assert.equal(incoming.length, 1, "only the retry reached the application");
  incoming[0]!.answer();
  net.deliverAll();
  assert.equal(a.state, "confirmed");
  assert.deepEqual(a.sessionTimer, { interval: 1000, weRefresh: true });
});

test("a refresh by re-INVITE when the peer does not allow UPDATE", () => {
  const { net, clock, a } = established({}, { allow: ["INVITE", "ACK", "CANCEL", "BYE", "OPTIONS"] });
  clock.advance(900_000);
  net.deliverAll();
  assert.equal(net.requests("UPDATE").length, 0);
  const reinvites = net.requests("INVITE").slice(1);
  assert.equal(reinvites.length, 1);
  assert.deepEqual(reinvites[0]!.body, a.localBody?.body, "the refresh re-offers the last local body");
  assert.equal(a.state, "confirmed");
});

test("a refresh rejected (not 408/481) leaves the session to expire: BYE before the interval ends", () => {
  const { net, clock, a, b } = established();
  b.events.on("update", (e) => e.reject(500)); // with a listener, bob's app answers the refresh
  const ends: Termination[] = [];
  a.events.on("terminated", (t) => ends.push(t));
  clock.advance(900_000);
  net.deliverAll();
  assert.equal(net.requests("UPDATE").length, 1);
  assert.equal(a.state, "confirmed", "a 500 does not end the dialog");
  clock.advance(900_000 - 32_000 - 1);
  net.deliverAll();
  assert.equal(ends.length, 0);
  clock.advance(1);
  net.deliverAll();
  assert.deepEqual(ends, [{ cause: "sessionExpired", by: "local" }]);
});
