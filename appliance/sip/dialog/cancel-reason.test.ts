import assert from "node:assert/strict";
import { test } from "node:test";
import {
  getCSeq,
  getHeader,
  getHeaders,
  getTopVia,
  parseMessage,
  type SipRequest,
  viaBranch,
} from "../message/index.ts";
import { cancelRequest } from "./cancel-request.ts";
import { pair } from "./test-calls.ts";

const REASON = 'SIP;cause=200;text="Call completed elsewhere"';

test("close() with a Reason: the CANCEL carries it, built per RFC 3261 §9.1 (RFC 3326 §2)", () => {
  const { net, call, incoming } = pair();
  const a = call();
  net.deliverAll();
  incoming[0]!.progress(180);
  net.deliverAll();
  a.close({ cancelHeaders: [["Reason", REASON]] });
  net.deliverAll();
  const [cancel] = net.requests("CANCEL");
  const invite = net.requests("INVITE")[0]!;
  assert.ok(cancel, "a CANCEL was sent");
  assert.equal(getHeader(cancel, "Reason"), REASON);
  assert.equal(viaBranch(getTopVia(cancel)!), viaBranch(getTopVia(invite)!));
  assert.deepEqual(getCSeq(cancel), { seq: getCSeq(invite)!.seq, method: "CANCEL" });
  for (const h of ["From", "To", "Call-ID"]) assert.equal(getHeader(cancel, h), getHeader(invite, h), h);
  assert.equal(net.responses(487).length, 1, "the callee saw a valid CANCEL");
  assert.equal(a.termination?.cause, "cancel");
});

test("close() before any provisional keeps the Reason for the CANCEL sent after the 100", () => {
  const { net, call } = pair();
  const a = call();
  a.close({ cancelHeaders: [["Reason", REASON]] });
  assert.equal(net.requests("CANCEL").length, 0);
  net.deliverAll();
  assert.equal(getHeader(net.requests("CANCEL")[0]!, "Reason"), REASON);
});

test("a plain close() sends no Reason; a second close() cannot add one", () => {
  const { net, call, incoming } = pair();
  const a = call();
  net.deliverAll();
  incoming[0]!.progress(180);
  net.deliverAll();
  a.close();
  a.close({ cancelHeaders: [["Reason", REASON]] });
  net.deliverAll();
  const cancels = net.requests("CANCEL");
  assert.equal(cancels.length, 1);
  assert.equal(getHeader(cancels[0]!, "Reason"), undefined);
});

test("headers RFC 3261 §9.1 fixes cannot be replaced or repeated (compact forms too)", () => {
  const invite = parseMessage(
    Buffer.from(
      [
        "INVITE sip:bob@192.0.2.2 SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKinv",
        "Max-Forwards: 70",
        "From: <sip:alice@example.com>;tag=f1",
        "To: <sip:bob@192.0.2.2>",
        "Call-ID: c1",
        "CSeq: 7 INVITE",
        "Route: <sip:proxy.example.com;lr>",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    ),
  ) as SipRequest;
  const { request, ignored } = cancelRequest(invite, [
    ["CSeq", "1 CANCEL"],
    ["i", "other"],
    ["Route", "<sip:evil.example.com;lr>"],
    ["Reason", REASON],
  ]);
  assert.deepEqual(ignored, ["CSeq", "i", "Route"]);
  assert.deepEqual(getHeaders(request, "CSeq"), ["7 CANCEL"]);
  assert.deepEqual(getHeaders(request, "Call-ID"), ["c1"]);
  assert.deepEqual(getHeaders(request, "Route"), ["<sip:proxy.example.com;lr>"]);
  assert.equal(getHeader(request, "Reason"), REASON);
});
