import assert from "node:assert/strict";
import { test } from "node:test";
import {
  parseMessage,
  parseNameAddr,
  type SipRequest,
  type SipResponse,
  serializeMessage,
} from "../message/index.ts";
import { Dialog } from "./dialog.ts";
import { dialogRequestTarget } from "./route-set.ts";
import { CountingIds } from "./testing.ts";

const INVITE = parseMessage(
  Buffer.from(
    [
      "INVITE sip:bob@example.com SIP/2.0",
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKinv",
      "Max-Forwards: 70",
      'From: "Alice" <sip:alice@example.com>;tag=a1',
      "To: <sip:bob@example.com>",
      "Call-ID: c1@192.0.2.1",
      "CSeq: 10 INVITE",
      "Contact: <sip:alice@192.0.2.1:5060>",
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n"),
  ),
) as SipRequest;

function ok(recordRoutes: string[]): SipResponse {
  return parseMessage(
    Buffer.from(
      [
        "SIP/2.0 200 OK",
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKinv",
        ...recordRoutes.map((r) => `Record-Route: ${r}`),
        'From: "Alice" <sip:alice@example.com>;tag=a1',
        "To: <sip:bob@example.com>;tag=b1",
        "Call-ID: c1@192.0.2.1",
        "CSeq: 10 INVITE",
        "Contact: <sip:bob@192.0.2.22:5070;transport=tcp>",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    ),
  ) as SipResponse;
}

const CONTACT = parseNameAddr("<sip:alice@192.0.2.1:5060>");

test("loose routing: Request-URI is the remote target, Route is the reversed Record-Route (golden bytes)", () => {
  // The proxy nearest the UAS recorded its route first in the response: p2 then p1.
  const d = Dialog.fromResponse(INVITE, ok(["<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"]), CONTACT);
  const { request, nextHop } = d.createRequest("BYE", new CountingIds());
  assert.equal(
    serializeMessage(request).toString(),
    [
      "BYE sip:bob@192.0.2.22:5070;transport=tcp SIP/2.0",
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1",
      "Max-Forwards: 70",
      'From: "Alice" <sip:alice@example.com>;tag=a1',
      "To: <sip:bob@example.com>;tag=b1",
      "Call-ID: c1@192.0.2.1",
      "CSeq: 11 BYE",
      "Route: <sip:p1.example.com;lr>",
      "Route: <sip:p2.example.com;lr>",
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n"),
  );
  assert.equal(nextHop.type === "sip" && nextHop.host, "p1.example.com", "sent to the first route");
});

test("strict routing: the first route becomes the Request-URI, the remote target the last Route (golden bytes)", () => {
  // p1 (nearest the UAC) is an RFC 2543 strict router: no lr.
  const d = Dialog.fromResponse(
    INVITE,
    ok(["<sip:p2.example.com;lr>", "<sip:p1.example.com;method=INVITE>"]),
    CONTACT,
  );
  const { request, nextHop } = d.createRequest("INFO", new CountingIds());
  assert.equal(
    serializeMessage(request).toString(),
    [
      "INFO sip:p1.example.com SIP/2.0",
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1",
      "Max-Forwards: 70",
      'From: "Alice" <sip:alice@example.com>;tag=a1',
      "To: <sip:bob@example.com>;tag=b1",
      "Call-ID: c1@192.0.2.1",
      "CSeq: 11 INFO",
      "Route: <sip:p2.example.com;lr>",
      "Route: <sip:bob@192.0.2.22:5070;transport=tcp>",
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n"),
  );
  assert.equal(nextHop.type === "sip" && nextHop.host, "p1.example.com");
});

test("no route set: Request-URI is the remote target, no Route, next hop the target", () => {
  const d = Dialog.fromResponse(INVITE, ok([]), CONTACT);
  const { request, nextHop } = d.createRequest("BYE", new CountingIds());
  assert.equal(request.headers.filter((h) => h.name === "Route").length, 0);
  assert.equal(nextHop, d.remoteTarget);
  assert.equal(d.localSeq, 11, "§12.2.1.1: CSeq incremented by one");
});

test("the UAS keeps Record-Route in order (RFC 3261 §12.1.1)", () => {
  const req = {
    ...INVITE,
    headers: [
      ...INVITE.headers,
      { name: "Record-Route", value: "<sip:p2.example.com;lr>, <sip:p1.example.com;lr>" },
    ],
  };
  const d = Dialog.fromRequest(req, "b1", parseNameAddr("<sip:bob@192.0.2.22>"));
  const t = dialogRequestTarget(d.remoteTarget, d.routeSet);
  assert.deepEqual(
    t.routes.map((r) => r.uri.type === "sip" && r.uri.host),
    ["p2.example.com", "p1.example.com"],
  );
  assert.equal(d.remoteSeq, 10);
  assert.equal(d.localSeq, undefined);
  assert.equal(d.remoteUri.params.get("tag"), "a1");
  assert.equal(d.localUri.params.get("tag"), "b1");
});
