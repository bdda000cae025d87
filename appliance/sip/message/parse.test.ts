// Golden bytes: hand-written messages parse to the expected structure and serialize back.
import assert from "node:assert/strict";
import { test } from "node:test";
import { LimitExceededError, ParseError } from "../../base/index.ts";
import {
  addHeader,
  getAuthValues,
  getCallId,
  getContacts,
  getContentType,
  getCSeq,
  getExpires,
  getFrom,
  getHeader,
  getHeaderValues,
  getRecordRoutes,
  getRoutes,
  getTo,
  getTokens,
  getTopVia,
  getVias,
  removeHeader,
  setHeader,
  splitList,
  viaReceived,
  viaRport,
} from "./index.ts";
import { parseHead, parseMessage } from "./parse.ts";
import { serializeMessage } from "./serialize.ts";

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join("\r\n"), "utf8");

const INVITE = crlf([
  "INVITE sip:bob@biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;rport",
  "Max-Forwards: 70",
  'To: "Bob" <sip:bob@biloxi.example.com>',
  'From: "Alice, A." <sip:alice@atlanta.example.com>;tag=1928301774',
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
  "CSeq: 314159 INVITE",
  "Contact: <sip:alice@pc33.atlanta.example.com;transport=tcp>;expires=3600, <sips:alice@[2001:db8::1]:5061>;q=0.5",
  "Route: <sip:p1.example.com;lr>,<sip:p2.example.com;lr>",
  "Supported: replaces, timer",
  "Allow: INVITE, ACK, CANCEL, BYE",
  'Authorization: Digest username="alice", realm="atlanta.example.com", nonce="84a4cc6f", uri="sip:bob@biloxi.example.com", response="7587245234b3434cc3412213e5f113a5", algorithm=MD5, qop=auth, nc=00000001, cnonce="0a4f113b"',
  "Content-Type: application/sdp",
  "Content-Length: 4",
  "",
  "v=0\r",
]);

test("golden INVITE parses to the expected structure", () => {
  const m = parseMessage(INVITE);
  assert.equal(m.kind, "request");
  if (m.kind !== "request") return;
  assert.equal(m.method, "INVITE");
  assert.deepEqual(m.uri, {
    type: "sip",
    scheme: "sip",
    user: "bob",
    host: "biloxi.example.com",
    params: new Map(),
    headers: [],
  });
  const via = getTopVia(m)!;
  assert.equal(via.transport, "UDP");
  assert.equal(via.host, "pc33.atlanta.example.com");
  assert.equal(viaRport(via), null);
  assert.equal(viaReceived(via), undefined);
  assert.deepEqual(getCSeq(m), { seq: 314159, method: "INVITE" });
  assert.equal(getCallId(m), "a84b4c76e66710@pc33.atlanta.example.com");
  assert.equal(getFrom(m)!.displayName, "Alice, A.");
  assert.equal(getFrom(m)!.params.get("tag"), "1928301774");
  assert.equal(getTo(m)!.params.size, 0);
  const contacts = getContacts(m);
  assert.ok(contacts !== "*");
  assert.equal(contacts.length, 2);
  assert.equal(contacts[0]!.params.get("expires"), "3600");
  const c2 = contacts[1]!.uri;
  assert.ok(c2.type === "sip" && c2.scheme === "sips" && c2.host === "[2001:db8::1]" && c2.port === 5061);
  assert.equal(getRoutes(m).length, 2);
  assert.deepEqual(getTokens(m, "Supported"), ["replaces", "timer"]);
  assert.deepEqual(getTokens(m, "k"), ["replaces", "timer"]);
  assert.deepEqual(getHeaderValues(m, "Allow"), ["INVITE", "ACK", "CANCEL", "BYE"]);
  const [auth] = getAuthValues(m, "Authorization");
  assert.equal(auth!.scheme, "Digest");
  assert.equal(auth!.params.get("username"), "alice");
  assert.equal(auth!.params.get("qop"), "auth");
  assert.equal(auth!.params.get("nc"), "00000001");
  assert.deepEqual(getContentType(m), { type: "application", subtype: "sdp", params: new Map() });
  assert.equal(m.body.toString(), "v=0\r");
});

test("golden INVITE serializes back to the same bytes", () => {
  assert.deepEqual(serializeMessage(parseMessage(INVITE)).toString("latin1"), INVITE.toString("latin1"));
});

test("serialization is canonical: compact forms expanded, folding undone, Content-Length recomputed", () => {
  const raw = crlf([
    "OPTIONS sip:%62ob@EXAMPLE.com;Transport=udp SIP/2.0",
    "v: SIP/2.0/UDP h.example.com",
    " ;branch=z9hG4bKx",
    "f: <sip:a@example.com>;tag=1",
    "t: sip:b@example.com",
    "i: abc",
    "CSEQ: 1 OPTIONS",
    "l: 99",
    "",
    "",
  ]);
  // Content-Length 99 with no body is an error over UDP: fix the input first.
  assert.throws(() => parseMessage(raw), ParseError);
  const m = parseMessage(Buffer.from(raw.toString().replace("l: 99", "l: 0")));
  m.body = Buffer.from("hello");
  assert.equal(
    serializeMessage(m).toString(),
    [
      "OPTIONS sip:bob@EXAMPLE.com;transport=udp SIP/2.0",
      "Via: SIP/2.0/UDP h.example.com ;branch=z9hG4bKx",
      "From: <sip:a@example.com>;tag=1",
      "To: sip:b@example.com",
      "Call-ID: abc",
      "CSeq: 1 OPTIONS",
      "Content-Length: 5",
      "",
      "hello",
    ].join("\r\n"),
  );
});

test("a message without Content-Length gets one; line breaks cannot be injected", () => {
  const m = parseMessage(crlf(["SIP/2.0 200 OK", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "", ""]));
  setHeader(m, "Subject", "evil\r\nInjected: yes");
  addHeader(m, "Via", "SIP/2.0/TCP p;branch=z9hG4bK2", true);
  assert.equal(
    serializeMessage(m).toString(),
    "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP p;branch=z9hG4bK2\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nSubject: evil Injected: yes\r\nContent-Length: 0\r\n\r\n",
  );
  assert.equal(removeHeader(m, "v"), 2);
});

test("Contact * and Expires; Record-Route list; multiple header lines equal one list", () => {
  const m = parseMessage(
    crlf([
      "REGISTER sip:r.example.com SIP/2.0",
      "Contact: *",
      "Expires: 0",
      "Record-Route: <sip:a;lr>",
      "Record-Route: <sip:b;lr>, <sip:c;lr>",
      "Content-Length: 0",
      "",
      "",
    ]),
  );
  assert.equal(getContacts(m), "*");
  assert.equal(getExpires(m), 0);
  assert.equal(getRecordRoutes(m).length, 3);
});

test("leading CRLFs are ignored; bare LF line ends are tolerated", () => {
  const m = parseMessage(Buffer.from("\r\n\r\nOPTIONS sip:a SIP/2.0\nCall-ID: x\n\n"));
  assert.equal(getHeader(m, "call-id"), "x");
});

test("structural errors are ParseErrors with offsets", () => {
  const cases: Array<[string, RegExp]> = [
    ["OPTIONS sip:a SIP/2.0\r\nNoColon\r\n\r\n", /without colon/],
    ["OPTIONS sip:a SIP/2.0\r\n continuation\r\n\r\n", /continuation/],
    ["OPTIONS sip:a SIP/2.0\r\nBad Name: x\r\n\r\n", /header name/],
    ["OPTIONS sip:a SIP/2.0\r\nVia: x\r\n", /not terminated/],
    ["OPTIONS sip:a HTTP/1.1\r\n\r\n", /SIP-Version/],
    ["SIP/2.0 20 OK\r\n\r\n", /Status-Code/],
    ["SIP/2.0 099 Odd\r\n\r\n", /range/],
    ["SIP/2.0 2000 OK\r\n\r\n", /Status-Code/],
    ["OPT;IONS sip:a SIP/2.0\r\n\r\n", /Method/],
    ["OPTIONS sip:a SIP/2.0\r\nX: a\rb\r\n\r\n", /bare CR/],
  ];
  for (const [text, re] of cases) {
    assert.throws(
      () => parseMessage(Buffer.from(text)),
      (e: unknown) => e instanceof ParseError && re.test(e.message) && e.offset >= 0,
      text,
    );
  }
});

test("limits: message size, header count, line length, value length", () => {
  const big = Buffer.from(`OPTIONS sip:a SIP/2.0\r\nX: ${"a".repeat(100)}\r\n\r\n`);
  assert.throws(() => parseMessage(big, { limits: { maxMessageBytes: 50 } }), LimitExceededError);
  assert.throws(() => parseMessage(big, { limits: { maxLineLength: 50 } }), LimitExceededError);
  assert.throws(() => parseMessage(big, { limits: { maxHeaderValueLength: 50 } }), LimitExceededError);
  const many = Buffer.from(`OPTIONS sip:a SIP/2.0\r\n${"X: 1\r\n".repeat(20)}\r\n`);
  assert.throws(() => parseMessage(many, { limits: { maxHeaderCount: 10 } }), LimitExceededError);
  const folded = Buffer.from(`OPTIONS sip:a SIP/2.0\r\nX: a\r\n${" b\r\n".repeat(40)}\r\n`);
  assert.throws(() => parseMessage(folded, { limits: { maxHeaderValueLength: 50 } }), LimitExceededError);
  assert.doesNotThrow(() => parseMessage(big));
});

test("Content-Length: stream framing treats a missing one as zero, datagram takes the rest", () => {
  const raw = Buffer.from("MESSAGE sip:a SIP/2.0\r\nCall-ID: x\r\n\r\nbody");
  assert.equal(parseMessage(raw).body.toString(), "body");
  assert.equal(parseMessage(raw, { framing: "stream" }).body.length, 0);
  assert.throws(() => parseMessage(Buffer.from("MESSAGE sip:a SIP/2.0\r\nl: 1e3\r\n\r\n")), ParseError);
  assert.throws(
    () => parseMessage(Buffer.from(`MESSAGE sip:a SIP/2.0\r\nl: ${"9".repeat(40)}\r\n\r\n`)),
    ParseError,
  );
});

test("parseHead exposes the raw framing", () => {
  const h = parseHead(Buffer.from("X sip:a SIP/2.0\r\nA: 1\r\n\r\nrest"));
  assert.equal(h.startLine, "X sip:a SIP/2.0");
  assert.equal(h.bodyOffset, 25);
});

test("Via list forms and parameters", () => {
  const m = parseMessage(
    crlf([
      "OPTIONS sip:a SIP/2.0",
      "Via: SIP/2.0/UDP [2001:db8::9]:5070;received=192.0.2.1;rport=5071;maddr=224.2.0.1;ttl=16;branch=z9hG4bKa, SIP/2.0/TCP b.example",
      "",
      "",
    ]),
  );
  const [v1, v2] = getVias(m);
  assert.equal(v1!.host, "[2001:db8::9]");
  assert.equal(v1!.port, 5070);
  assert.equal(viaReceived(v1!), "192.0.2.1");
  assert.equal(viaRport(v1!), 5071);
  assert.equal(v1!.params.get("ttl"), "16");
  assert.equal(v2!.transport, "TCP");
});

test("list splitting ignores commas inside quotes (with escapes) and <>", () => {
  assert.deepEqual(splitList('"a, \\"b,\\" c" <sip:x@h;p=1,2>;q=1 , <sip:y@h>,sip:z@h'), [
    '"a, \\"b,\\" c" <sip:x@h;p=1,2>;q=1',
    "<sip:y@h>",
    "sip:z@h",
  ]);
  assert.deepEqual(splitList(""), [""]);
  assert.deepEqual(splitList("a,,b"), ["a", "", "b"]);
});
