// RFC 4475 torture corpus: every file read as raw bytes, each with the outcome RFC 4475 asks of
// an endpoint (and of a proxy where the two differ). See ../shared/testdata/rfc4475/README.md.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { ParseError } from "../../base/index.ts";
import {
  getAuthValues,
  getContacts,
  getCSeq,
  getFrom,
  getHeader,
  getHeaders,
  getMaxForwards,
  getTo,
  getTopVia,
  getVias,
  type SipMessage,
  type SipRequest,
  type ValidationOptions,
  validateRequest,
  validateResponse,
  viaBranch,
} from "./index.ts";
import { parseMessage } from "./parse.ts";
import { replyToUnparsable } from "./response.ts";
import { serializeMessage } from "./serialize.ts";

const DIR = new URL("../../../../shared/testdata/rfc4475/", import.meta.url);

type Outcome =
  /** Parses, validates, processed normally. */
  | { kind: "valid" }
  /** A response that parses and is accepted by a UAC. */
  | { kind: "valid-response" }
  /** ParseError, yet framed well enough that the transport answers 400 (RFC 3261 §18.3). */
  | { kind: "unparsable-400" }
  /** Parses; validateRequest answers status (with a header where the RFC requires one). */
  | { kind: "reject"; status: number; header?: [string, RegExp] }
  /** A response dropped silently: ParseError or validateResponse fails. */
  | { kind: "discard" };

const valid: Outcome = { kind: "valid" };
const bad: Outcome = { kind: "reject", status: 400 };
const unparsable: Outcome = { kind: "unparsable-400" };

/** What our endpoint supports, as the UAS core will configure it. */
const UAS: ValidationOptions = {
  acceptedContentTypes: ["application/sdp", "multipart/mixed", "text/plain"],
  supportedExtensions: ["replaces", "timer", "path", "outbound"],
};

const EXPECTED: Record<string, Outcome> = {
  // 3.1.1 valid messages
  wsinv: valid,
  intmeth: valid,
  esc01: valid,
  escnull: valid,
  esc02: valid,
  lwsdisp: valid,
  longreq: valid,
  dblreq: valid, // the trailing INVITE is ignored (RFC 3261 §18.3)
  semiuri: valid,
  transports: valid,
  mpart01: valid,
  unreason: { kind: "valid-response" },
  noreason: { kind: "valid-response" },
  // 3.1.2 invalid messages
  badinv01: bad, // empty Via parameters
  clerr: unparsable, // Content-Length beyond the datagram
  ncl: unparsable, // negative Content-Length
  scalar02: bad, // CSeq ≥ 2**31, Max-Forwards 300, huge Expires
  scalarlg: { kind: "discard" }, // response with overlarge CSeq
  quotbal: bad, // unterminated quoted display name
  ltgtruri: unparsable, // <> around the Request-URI
  lwsruri: unparsable, // LWS inside the Request-URI (strict: the RFC allows leniency)
  lwsstart: unparsable, // several SPs between Request-Line elements
  trws: unparsable, // SP before CRLF on the Request-Line (strict)
  escruri: bad, // headers in the Request-URI (strict)
  baddate: valid, // liberal: pibx never interprets Date, which RFC 4475 §3.1.2.12 permits
  regbadct: bad, // addr-spec with "?" outside <> (strict)
  badaspec: bad, // spaces inside <> (strict)
  baddn: bad, // non-token display name
  badvers: { kind: "reject", status: 505 },
  mismatch01: bad,
  mismatch02: bad,
  bigcode: { kind: "discard" },
  // 3.2 transaction layer
  badbranch: valid, // branch is the bare cookie: matched the RFC 2543 way, never a crash
  // 3.3 application layer
  insuf: bad,
  unkscm: { kind: "reject", status: 416 },
  novelsc: { kind: "reject", status: 416 }, // soap.beep is not served here
  unksm2: valid, // parses; a registrar rejects the non-SIP To (checked below)
  bext01: {
    kind: "reject",
    status: 420,
    header: ["Unsupported", /^nothingSupportsThis, nothingSupportsThisEither$/],
  },
  invut: { kind: "reject", status: 415, header: ["Accept", /application\/sdp/] },
  regaut01: valid, // parses; the auth layer challenges with Digest (checked below)
  multi01: bad,
  mcl01: unparsable,
  bcast: { kind: "discard" },
  zeromf: valid, // an endpoint processes it; a proxy answers 483 (checked below)
  cparam01: valid,
  cparam02: valid,
  regescrt: valid,
  sdp01: { kind: "reject", status: 406 },
  // 3.4 backward compatibility
  inv2543: valid,
};

function load(name: string): Buffer {
  return readFileSync(new URL(`${name}.dat`, DIR));
}

function parse(name: string): SipMessage {
  return parseMessage(load(name));
}

function req(name: string): SipRequest {
  const m = parse(name);
  assert.equal(m.kind, "request");
  return m as SipRequest;
}

test("the corpus holds the 49 RFC 4475 messages and each has an expectation", () => {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith(".dat"))
    .map((f) => f.slice(0, -4))
    .sort();
  assert.equal(files.length, 49);
  assert.deepEqual(files, Object.keys(EXPECTED).sort());
});

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`rfc4475 ${name}: ${expected.kind}${"status" in expected ? ` ${expected.status}` : ""}`, () => {
    const bytes = load(name);
    let msg: SipMessage;
    try {
      msg = parseMessage(bytes);
    } catch (err) {
      assert.ok(err instanceof ParseError, `not a ParseError: ${String(err)}`);
      if (expected.kind === "discard") {
        assert.equal(replyToUnparsable(bytes, err.message), undefined, "a response is never answered");
        return;
      }
      assert.equal(expected.kind, "unparsable-400", `unexpected ParseError: ${err.message}`);
      const reply = replyToUnparsable(bytes, err.message);
      assert.ok(reply, "a 400 can be built");
      assert.equal(reply.status, 400);
      assert.ok(getHeader(reply, "Via") && getHeader(reply, "Call-ID") && getHeader(reply, "CSeq"));
      parseMessage(serializeMessage(reply)); // and it is itself well-formed
      return;
    }
    assert.notEqual(expected.kind, "unparsable-400", "expected a ParseError");
    if (msg.kind === "response") {
      const v = validateResponse(msg);
      if (expected.kind === "valid-response") assert.ok(v.ok, v.ok ? "" : v.reason);
      else assert.equal(expected.kind === "discard" && !v.ok, true, `expected ${expected.kind}`);
      return;
    }
    const v = validateRequest(msg, UAS);
    if (expected.kind === "valid") {
      assert.ok(v.ok, v.ok ? "" : `${v.status} ${v.reason}`);
      return;
    }
    assert.equal(expected.kind, "reject");
    if (expected.kind !== "reject") return;
    assert.ok(!v.ok, "expected a rejection");
    if (v.ok) return;
    assert.equal(v.status, expected.status, v.reason);
    if (expected.header) {
      const h = v.headers.find(([n]) => n === expected.header![0]);
      assert.ok(h, `missing ${expected.header[0]}`);
      assert.match(h[1], expected.header[1]);
    }
  });
}

test("every message that parses survives serialize → parse unchanged", () => {
  for (const name of Object.keys(EXPECTED)) {
    let m: SipMessage;
    try {
      m = parse(name);
    } catch {
      continue;
    }
    const again = parseMessage(serializeMessage(m));
    assert.deepEqual(serializeMessage(again), serializeMessage(m), name);
    assert.deepEqual(again.body, m.body, name);
  }
});

test("wsinv: folding, LWS around separators, compact forms, odd spacing", () => {
  const m = req("wsinv");
  assert.equal(m.method, "INVITE");
  assert.equal(getTo(m)!.params.get("tag"), "1918181833n");
  const from = getFrom(m)!;
  assert.equal(from.displayName, 'J Rosenberg \\"');
  assert.equal(from.params.get("tag"), "98asjd8");
  assert.equal(getMaxForwards(m), 68);
  assert.deepEqual(getCSeq(m), { seq: 9, method: "INVITE" });
  const vias = getVias(m);
  assert.equal(vias.length, 3);
  assert.deepEqual(
    vias.map((v) => [v.transport, v.host, viaBranch(v)]),
    [
      ["UDP", "192.0.2.2", "390skdjuw"],
      ["TCP", "spindle.example.com", "z9hG4bK9ikj8"],
      ["UDP", "192.168.255.111", "z9hG4bK30239"],
    ],
  );
  assert.equal(getHeader(m, "Subject"), "");
  assert.equal(getHeader(m, "NewFangledHeader"), "newfangled value continued newfangled value");
  assert.equal(getHeader(m, "UnknownHeaderWithUnusualValue"), ";;,,;;,;");
  const contacts = getContacts(m);
  assert.ok(contacts !== "*");
  assert.equal(contacts[0]!.displayName, 'Quoted string ""');
  assert.equal(contacts[0]!.params.get("newparam"), "newvalue");
  assert.equal(contacts[0]!.params.get("secondparam"), null);
  assert.equal(contacts[0]!.params.get("q"), "0.33");
  assert.equal(m.body.length, 150);
});

test("intmeth: unusual method, user and password characters, odd header name", () => {
  const m = req("intmeth");
  assert.equal(m.method, "!interesting-Method0123456789_*+`.%indeed'~");
  assert.equal(m.uri.type, "sip");
  if (m.uri.type !== "sip") return;
  assert.equal(m.uri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  assert.equal(m.uri.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  assert.equal(getTo(m)!.displayName, "BEL:\x07 NUL:\x00 DEL:\x7f");
  assert.equal(getFrom(m)!.displayName, "token1~` token2'+_ token3*%!.-");
  assert.equal(getFrom(m)!.params.get("tag"), "_token~1'+`*%!-.");
  assert.equal(getHeader(m, "extensionHeader-!.%*+_`'~"), "\ufeff\u5927\u505c\u96fb");
});

test("esc01 / escnull / esc02: escapes decoded, % in tokens and quoted strings kept", () => {
  const e1 = req("esc01");
  assert.ok(e1.uri.type === "sip");
  if (e1.uri.type === "sip") assert.equal(e1.uri.user, "sips:user@example.com");
  const to = getTo(e1)!.uri;
  assert.ok(to.type === "sip" && to.user === "user");
  const c = getContacts(e1);
  assert.ok(c !== "*");
  const cu = c[0]!.uri;
  assert.ok(cu.type === "sip");
  if (cu.type === "sip") {
    assert.equal(cu.user, "caller");
    assert.equal(cu.params.get("lr"), null);
    assert.equal(cu.params.get("name"), "value%41");
  }
  const en = req("escnull");
  const enTo = getTo(en)!.uri;
  assert.ok(enTo.type === "sip" && enTo.user === "null-\x00-null");
  const e2 = req("esc02");
  assert.equal(e2.method, "RE%47IST%45R");
  assert.equal(getTo(e2)!.displayName, "%Z%45");
  assert.equal(getHeaders(e2, "Contact").length, 2, "C%6Fntact is another header");
  assert.equal(getHeader(e2, "C%6Fntact"), "<sip:alias2@host2.example.com>");
});

test("lwsdisp, semiuri, transports, longreq", () => {
  assert.equal(getFrom(req("lwsdisp"))!.displayName, "caller");
  const s = req("semiuri");
  assert.ok(s.uri.type === "sip" && s.uri.user === "user;par=u@example.net" && s.uri.host === "example.com");
  assert.deepEqual(
    getVias(req("transports")).map((v) => v.transport),
    ["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"],
  );
  const l = req("longreq");
  assert.equal(getVias(l).length, 34);
  assert.equal(getTopVia(l)!.params.get("branch"), undefined, "no branch: RFC 2543 matching");
  assert.ok(getFrom(l)!.params.get("tag")!.length > 150);
});

test("dblreq: only the first message, the trailing INVITE is ignored", () => {
  const m = req("dblreq");
  assert.equal(m.method, "REGISTER");
  assert.equal(m.body.length, 0);
});

test("mpart01: the multipart body passes through byte for byte", () => {
  const raw = load("mpart01");
  const m = req("mpart01");
  assert.equal(m.body.length, 553);
  assert.deepEqual(m.body, raw.subarray(raw.length - 553));
  assert.deepEqual(parseMessage(serializeMessage(m)).body, m.body);
});

test("unreason / noreason: unusual and empty reason phrases", () => {
  const u = parse("unreason");
  assert.ok(u.kind === "response" && u.status === 200 && u.reason.startsWith("= 2**3 * 5**2 но"));
  const n = parse("noreason");
  assert.ok(n.kind === "response" && n.status === 100 && n.reason === "");
});

test("zeromf: processed by an endpoint, 483 from a proxy; bext01 as a proxy checks Proxy-Require", () => {
  const z = req("zeromf");
  assert.equal(getMaxForwards(z), 0);
  assert.ok(validateRequest(z).ok);
  const inv = { ...z, method: "INVITE" } as SipRequest;
  inv.headers = z.headers.map((h) => (h.name === "CSeq" ? { ...h, value: "39234321 INVITE" } : h));
  const v = validateRequest(inv, { role: "proxy" });
  assert.ok(!v.ok && v.status === 483);
  const b = validateRequest(req("bext01"), { role: "proxy" });
  assert.ok(!b.ok && b.status === 420);
  assert.deepEqual(b.ok ? [] : b.headers, [
    ["Unsupported", "noProxiesSupportThis, norDoAnyProxiesSupportThis"],
  ]);
});

test("novelsc is accepted where soap.beep is supported", () => {
  assert.ok(validateRequest(req("novelsc"), { supportedSchemes: ["sip", "soap.beep"] }).ok);
});

test("unksm2: schemes visible to the registrar, which requires a SIP AOR in To", () => {
  const m = req("unksm2");
  assert.equal(getTo(m)!.uri.scheme, "isbn");
  assert.equal(getFrom(m)!.uri.scheme, "http");
  const c = getContacts(m);
  assert.ok(c !== "*" && c[0]!.uri.scheme === "name");
});

test("regaut01: the unknown scheme parses so the auth layer can challenge with Digest", () => {
  const [cred] = getAuthValues(req("regaut01"), "Authorization");
  assert.equal(cred!.scheme, "NoOneKnowsThisScheme");
  assert.equal(cred!.params.get("opaque-data"), "here");
});

test("cparam01 / cparam02 / regescrt: contact parameter vs URI parameter vs escaped header", () => {
  const c1 = getContacts(req("cparam01"));
  assert.ok(c1 !== "*");
  assert.equal(c1[0]!.params.get("unknownparam"), null);
  assert.ok(c1[0]!.uri.type === "sip" && c1[0]!.uri.params.size === 0);
  const c2 = getContacts(req("cparam02"));
  assert.ok(c2 !== "*");
  assert.equal(c2[0]!.params.size, 0);
  assert.ok(c2[0]!.uri.type === "sip" && c2[0]!.uri.params.get("unknownparam") === null);
  const c3 = getContacts(req("regescrt"));
  assert.ok(c3 !== "*" && c3[0]!.uri.type === "sip");
  if (c3[0]!.uri.type === "sip") assert.deepEqual(c3[0]!.uri.headers, [["Route", "<sip:sip.example.com>"]]);
});

test("inv2543 and badbranch: no magic cookie, no Max-Forwards, no Content-Length, no From tag", () => {
  const m = req("inv2543");
  assert.equal(viaBranch(getTopVia(m)!), undefined);
  assert.equal(getMaxForwards(m), undefined);
  assert.equal(getFrom(m)!.params.get("tag"), undefined);
  assert.ok(m.body.length > 0, "UDP body runs to the end of the datagram");
  const strict = validateRequest(m, { rfc2543Compat: false });
  assert.ok(!strict.ok && strict.status === 400);
  assert.equal(viaBranch(getTopVia(req("badbranch"))!), "z9hG4bK");
});
