import assert from "node:assert/strict";
import { test } from "node:test";
import { ParseError } from "../../base/index.ts";
import { formatNameAddr, parseNameAddr } from "./name-addr.ts";
import { formatUri, isIpv6, parseUri, uriEquals } from "./uri.ts";

test("SIP URI components", () => {
  const u = parseUri(
    "sips:alice:se%63ret@[::1]:5061;transport=tls;lr;maddr=239.255.255.1?Subject=hi%20there&Priority=urgent",
  );
  assert.ok(u.type === "sip");
  if (u.type !== "sip") return;
  assert.equal(u.scheme, "sips");
  assert.equal(u.user, "alice");
  assert.equal(u.password, "secret");
  assert.equal(u.host, "[::1]");
  assert.equal(u.port, 5061);
  assert.deepEqual(
    [...u.params],
    [
      ["transport", "tls"],
      ["lr", null],
      ["maddr", "239.255.255.1"],
    ],
  );
  assert.deepEqual(u.headers, [
    ["Subject", "hi there"],
    ["Priority", "urgent"],
  ]);
  assert.equal(
    formatUri(u),
    "sips:alice:secret@[::1]:5061;transport=tls;lr;maddr=239.255.255.1?Subject=hi%20there&Priority=urgent",
  );
});

test("tel and other absolute URIs", () => {
  const t = parseUri("tel:+1-201-555-0123;phone-context=example.com");
  assert.ok(
    t.type === "tel" && t.number === "+1-201-555-0123" && t.params.get("phone-context") === "example.com",
  );
  assert.equal(formatUri(t), "tel:+1-201-555-0123;phone-context=example.com");
  const a = parseUri("urn:service:sos");
  assert.deepEqual(a, { type: "absolute", scheme: "urn", value: "service:sos" });
});

test("malformed URIs are ParseErrors", () => {
  for (const s of [
    "",
    "sip:",
    "sip:@host",
    "sip:a@",
    "sip:host:99999",
    "sip:host:",
    "sip:[::1",
    "sip:[zz::1]",
    "sip:host;=x",
    "sip:host;a=",
    "sip:ho st",
    "sip:a%zz@host",
    "sip:host?x",
    "1sip:x",
    "sip:a<b@host",
    "tel:",
    "mailto:a b",
  ]) {
    assert.throws(() => parseUri(s), ParseError, s);
  }
});

test("escaping round trip and §19.1.4 equality", () => {
  const a = parseUri("sip:%61lice@EXAMPLE.com;transport=TCP");
  const b = parseUri("sip:alice@example.com;Transport=tcp");
  assert.ok(uriEquals(a, b));
  assert.ok(!uriEquals(parseUri("sip:ALICE@example.com"), b));
  assert.ok(!uriEquals(parseUri("sip:alice@example.com:5060"), parseUri("sip:alice@example.com")));
  assert.ok(!uriEquals(parseUri("sip:alice@example.com;maddr=x"), parseUri("sip:alice@example.com")));
  assert.ok(uriEquals(parseUri("sip:alice@example.com;foo=1"), parseUri("sip:alice@example.com;bar=2")));
  const weird = parseUri("sip:a%20b%00c%25@h");
  assert.equal(formatUri(weird), "sip:a%20b%00c%25@h");
  assert.ok(uriEquals(parseUri(formatUri(weird)), weird));
});

test("IPv6 validation", () => {
  for (const ok of ["::1", "2001:db8::1", "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1"]) assert.ok(isIpv6(ok), ok);
  for (const bad of ["1::2::3", "12345::1", "1:2:3:4:5:6:7", "g::1"]) assert.ok(!isIpv6(bad), bad);
});

test("name-addr vs addr-spec: which parameters belong to whom", () => {
  const a = parseNameAddr("sip:u@h;tag=1");
  assert.ok(a.uri.type === "sip" && a.uri.params.size === 0 && a.params.get("tag") === "1");
  const b = parseNameAddr("<sip:u@h;tag=1>");
  assert.ok(b.uri.type === "sip" && b.uri.params.get("tag") === "1" && b.params.size === 0);
  const c = parseNameAddr('"A \\"quoted\\" name" <sip:u@h> ;q=0.7');
  assert.equal(c.displayName, 'A "quoted" name');
  assert.equal(formatNameAddr(c), '"A \\"quoted\\" name" <sip:u@h>;q=0.7');
  const d = parseNameAddr("Two Words <sip:u@h>");
  assert.equal(d.displayName, "Two Words");
  assert.throws(() => parseNameAddr("sip:u@h?Route=x"), ParseError);
  assert.throws(() => parseNameAddr("<sip:u@h"), ParseError);
  assert.throws(() => parseNameAddr("< sip:u@h>"), ParseError);
  assert.throws(() => parseNameAddr('"open <sip:u@h>'), ParseError);
  assert.equal(parseNameAddr("<sip:u@h>;tag").params.get("tag"), null);
  assert.throws(() => parseNameAddr("<sip:u@h>;"), ParseError);
  assert.throws(() => parseNameAddr("<sip:u@h> junk"), ParseError);
});
