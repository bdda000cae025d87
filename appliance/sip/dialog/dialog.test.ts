import assert from "node:assert/strict";
import { test } from "node:test";
import { SipFailure, StateError } from "../../base/index.ts";
import { parseMessage, parseNameAddr, type SipRequest } from "../message/index.ts";
import { edges } from "../transaction/index.ts";
import { Dialog } from "./dialog.ts";
import { DIALOG_TABLE, type DialogEvent, type DialogState } from "./dialog-table.ts";
import { INVITE_SESSION_TABLE } from "./invite-session-table.ts";

function req(method: string, cseq: number, extra: string[] = []): SipRequest {
  return parseMessage(
    Buffer.from(
      [
        `${method} sip:bob@192.0.2.2 SIP/2.0`,
        "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKd",
        "Max-Forwards: 70",
        "From: <sip:alice@example.com>;tag=a",
        "To: <sip:bob@example.com>",
        "Call-ID: d1",
        `CSeq: ${cseq} ${method}`,
        "Contact: <sip:alice@192.0.2.1>",
        ...extra,
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    ),
  ) as SipRequest;
}

const EVENTS: DialogEvent[] = [
  "provisional",
  "resp2xx",
  "non2xxFinal",
  "targetRefresh",
  "bye",
  "requestFailed",
  "ackTimeout",
  "sessionExpired",
  "close",
];

function uas(): Dialog {
  return Dialog.fromRequest(req("INVITE", 5), "b", parseNameAddr("<sip:bob@192.0.2.2>"));
}

test("the dialog guard rejects every edge the table does not list", () => {
  const states = Object.keys(DIALOG_TABLE) as DialogState[];
  let rejected = 0;
  for (const s of states) {
    for (const e of EVENTS) {
      const d = uas();
      if (s !== "early") d.fire(s === "confirmed" ? "resp2xx" : "close");
      assert.equal(d.state, s);
      if (DIALOG_TABLE[s][e]) assert.equal(d.fire(e), DIALOG_TABLE[s][e]!.next);
      else {
        assert.throws(() => d.fire(e), StateError, `${s} + ${e}`);
        rejected++;
      }
    }
  }
  assert.equal(rejected, EVENTS.length * states.length - edges(DIALOG_TABLE).length);
  // Terminated is final, and a confirmed dialog never goes back to early.
  assert.equal(Object.keys(DIALOG_TABLE.terminated).length, 0);
  assert.equal(DIALOG_TABLE.confirmed.provisional, undefined);
  assert.equal(Object.keys(INVITE_SESSION_TABLE.terminated).length, 0);
});

test("remote CSeq: lower is 500, higher advances, ACK and CANCEL are not checked (RFC 3261 §12.2.2)", () => {
  const d = uas();
  assert.equal(d.remoteSeq, 5);
  d.checkRemoteCSeq(req("INFO", 7));
  assert.equal(d.remoteSeq, 7);
  assert.throws(
    () => d.checkRemoteCSeq(req("INFO", 6)),
    (e: unknown) => e instanceof SipFailure && e.status === 500,
  );
  d.checkRemoteCSeq(req("ACK", 5));
  d.checkRemoteCSeq(req("CANCEL", 5));
  assert.equal(d.remoteSeq, 7);
});

test("local CSeq starts when empty and increments by one (RFC 3261 §12.2.1.1)", () => {
  const d = uas();
  assert.equal(d.localSeq, undefined);
  assert.equal(d.nextLocalSeq(), 1);
  assert.equal(d.nextLocalSeq(), 2);
});

test("a target refresh replaces the remote target (RFC 3261 §12.2.2)", () => {
  const d = uas();
  d.fire("resp2xx");
  const update = req("UPDATE", 6);
  d.refreshTarget({
    ...update,
    headers: update.headers.map((h) =>
      h.name === "Contact" ? { ...h, value: "<sip:alice@198.51.100.7:5080>" } : h,
    ),
  });
  assert.equal(d.remoteTarget.type === "sip" && d.remoteTarget.host, "198.51.100.7");
  assert.equal(d.state, "confirmed");
});

test("a request without Contact cannot create a dialog: 400 (RFC 3261 §12.1.1)", () => {
  const r = req("INVITE", 1);
  const noContact = { ...r, headers: r.headers.filter((h) => h.name !== "Contact") };
  assert.throws(
    () => Dialog.fromRequest(noContact, "b", parseNameAddr("<sip:bob@192.0.2.2>")),
    (e: unknown) => e instanceof SipFailure && e.status === 400,
  );
});
