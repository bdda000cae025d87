import assert from "node:assert/strict";
import { test } from "node:test";
import { SipFailure } from "../../base/index.ts";
import type { SipRequest } from "./message.ts";
import { parseMessage } from "./parse.ts";
import { createResponse, replyToUnparsable, responseForFailure } from "./response.ts";
import { serializeMessage } from "./serialize.ts";
import { validateRequest, validateResponse } from "./validate.ts";

function request(extra: string[], opts: { method?: string; body?: string; ruri?: string } = {}): SipRequest {
  const method = opts.method ?? "INVITE";
  const body = opts.body ?? "";
  const text = [
    `${method} ${opts.ruri ?? "sip:bob@example.com"} SIP/2.0`,
    "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1",
    "Max-Forwards: 70",
    "From: <sip:alice@example.com>;tag=1",
    "To: <sip:bob@example.com>",
    "Call-ID: c1",
    `CSeq: 1 ${method}`,
    ...extra,
    `Content-Length: ${Buffer.byteLength(body)}`,
    "",
    body,
  ].join("\r\n");
  const m = parseMessage(Buffer.from(text));
  assert.equal(m.kind, "request");
  return m as SipRequest;
}

function status(v: ReturnType<typeof validateRequest>): number {
  return v.ok ? 200 : v.status;
}

test("a well-formed request passes", () => {
  assert.deepEqual(validateRequest(request([])), { ok: true });
});

test("405 with Allow for methods not allowed; ACK never rejected on method", () => {
  const v = validateRequest(request([], { method: "PUBLISH" }), { allowedMethods: ["INVITE", "ACK", "BYE"] });
  assert.ok(!v.ok && v.status === 405);
  assert.deepEqual(v.ok ? [] : v.headers, [["Allow", "INVITE, ACK, BYE"]]);
});

test("Require: 420 listing only the unsupported tags; never for ACK and CANCEL", () => {
  const v = validateRequest(request(["Require: timer, foo, 100rel"]), {
    supportedExtensions: ["timer", "100rel"],
  });
  assert.ok(!v.ok && v.status === 420);
  assert.deepEqual(v.ok ? [] : v.headers, [["Unsupported", "foo"]]);
  assert.equal(status(validateRequest(request(["Require: foo"], { method: "CANCEL" }))), 200);
  assert.equal(status(validateRequest(request(["Require: foo"], { method: "ACK" }))), 200);
});

test("415 for unknown Content-Type or Content-Encoding, only with a body", () => {
  const opts = { acceptedContentTypes: ["application/sdp"] };
  assert.equal(status(validateRequest(request(["Content-Type: text/x"], { body: "x" }), opts)), 415);
  assert.equal(status(validateRequest(request(["Content-Type: text/x"]), opts)), 200);
  const enc = validateRequest(
    request(["Content-Type: application/sdp", "Content-Encoding: gzip"], { body: "x" }),
    opts,
  );
  assert.ok(!enc.ok && enc.status === 415 && enc.headers[0]![0] === "Accept-Encoding");
});

test("406 when Accept excludes SDP; wildcards match", () => {
  assert.equal(status(validateRequest(request(["Accept: text/plain"]))), 406);
  assert.equal(status(validateRequest(request(["Accept: application/*"]))), 200);
  assert.equal(status(validateRequest(request(["Accept: */*"]))), 200);
  assert.equal(status(validateRequest(request(["Accept: text/plain"], { method: "OPTIONS" }))), 200);
});

test("malformed scalar headers are 400s", () => {
  for (const h of [
    "Max-Forwards: 256",
    "Max-Forwards: -1",
    "Expires: soon",
    "Contact: <sip:a@b>;expires=x",
  ]) {
    assert.equal(status(validateRequest(request([h]))), 400, h);
  }
  const strict = validateRequest(
    parseMessage(
      Buffer.from(
        "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nFrom: <sip:a@b>\r\nTo: <sip:a@b>\r\nCall-ID: 1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 1\r\n\r\n",
      ),
    ) as SipRequest,
    { rfc2543Compat: false },
  );
  assert.ok(!strict.ok && /From tag/.test(strict.reason));
});

test("416 for an unsupported scheme; tel is supported by default", () => {
  assert.equal(status(validateRequest(request([], { ruri: "tel:+15551234" }))), 200);
  assert.equal(
    status(validateRequest(request([], { ruri: "tel:+15551234" }), { supportedSchemes: ["sip"] })),
    416,
  );
  assert.equal(status(validateRequest(request([], { ruri: "im:bob@example.com" }))), 416);
});

test("createResponse copies Via/From/To/Call-ID/CSeq and adds a To tag (not to 100)", () => {
  const req = request(["Timestamp: 54", "Subject: x"]);
  const res = createResponse(req, 486, { toTag: "t9", headers: [["Retry-After", "30"]] });
  assert.equal(res.reason, "Busy Here");
  assert.deepEqual(
    res.headers.map((h) => h.name),
    ["Via", "From", "To", "Call-ID", "CSeq", "Retry-After"],
  );
  assert.equal(res.headers[2]!.value, "<sip:bob@example.com>;tag=t9");
  const trying = createResponse(req, 100, { toTag: "t9" });
  assert.equal(trying.headers.find((h) => h.name === "To")!.value, "<sip:bob@example.com>");
  assert.equal(trying.headers.find((h) => h.name === "Timestamp")!.value, "54");
  assert.deepEqual(validateResponse(parseMessage(serializeMessage(res)) as never), { ok: true });
});

test("responseForFailure turns a SipFailure into its response", () => {
  const res = responseForFailure(
    request([]),
    new SipFailure(420, "Bad Extension", [["Unsupported", "foo"]]),
    "t",
  );
  assert.equal(res.status, 420);
  assert.equal(res.reason, "Bad Extension");
  assert.deepEqual(res.headers.at(-1), { name: "Unsupported", value: "foo" });
  assert.match(res.headers.find((h) => h.name === "To")!.value, /;tag=t$/);
});

test("replyToUnparsable answers requests only when the essential headers exist", () => {
  const bad = Buffer.from(
    "INVITE  sip:a SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:b@b>\r\nCall-ID: 1\r\nCSeq: 1 INVITE\r\n\r\n",
  );
  const r = replyToUnparsable(bad, "Bad Request-Line\r\nX: injected", { toTag: "z" });
  assert.ok(r);
  assert.equal(r.status, 400);
  assert.equal(r.reason, "Bad Request-Line X: injected");
  assert.equal(r.headers.find((h) => h.name === "To")!.value, "<sip:b@b>;tag=z");
  const brokenLine = Buffer.from(
    bad
      .toString()
      .replace("INVITE  sip", "INVITE sip")
      .replace("Call-ID: 1", "Call-ID: 1\r\nno colon\r\n\x00bad: x"),
  );
  assert.equal(replyToUnparsable(brokenLine, "Bad header")?.headers.length, 5, "malformed lines are skipped");
  assert.equal(replyToUnparsable(Buffer.from("INVITE sip:a SIP/2.0\r\nVia: x\r\n\r\n"), "x"), undefined);
  assert.equal(replyToUnparsable(Buffer.from("garbage"), "x"), undefined);
});

test("validateResponse: proxies drop responses whose next hop is broadcast", () => {
  const res = parseMessage(
    Buffer.from(
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP p;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP 239.1.1.1;branch=z9hG4bK2\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: 1\r\nCSeq: 1 INVITE\r\n\r\n",
    ),
  );
  assert.equal(res.kind, "response");
  if (res.kind !== "response") return;
  const v = validateResponse(res, { role: "proxy" });
  assert.ok(!v.ok && /broadcast/.test(v.reason));
});
