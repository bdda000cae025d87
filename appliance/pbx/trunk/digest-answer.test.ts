import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeHa1, computeResponse } from "../../sip/auth/index.ts";
import { getAuthValues, parseMessage, type SipResponse } from "../../sip/index.ts";
import { DigestClientSession } from "./digest-answer.ts";

function challenge(status: 401 | 407, ...values: string[]): SipResponse {
  const name = status === 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
  const text = [
    `SIP/2.0 ${status} Unauthorized`,
    "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx",
    "From: <sip:a@b>;tag=1",
    "To: <sip:a@b>;tag=2",
    "Call-ID: c",
    "CSeq: 1 REGISTER",
    ...values.map((v) => `${name}: ${v}`),
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  return parseMessage(Buffer.from(text)) as SipResponse;
}

const params = (value: string) =>
  getAuthValues({ headers: [{ name: "Authorization", value }] }, "Authorization")[0]!.params;

describe("DigestClientSession", () => {
  it("reproduces RFC 2617 §3.5's example (MD5, qop=auth, opaque echoed)", () => {
    const s = new DigestClientSession(
      () => ({ username: "Mufasa", password: "Circle Of Life" }),
      () => "0a4f113b",
    );
    const r = s.answer(
      challenge(
        401,
        'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
      ),
      "GET",
      "/dir/index.html",
    );
    assert.ok(r.ok);
    assert.equal(r.header.name, "Authorization");
    const p = params(r.header.value);
    assert.equal(p.get("response"), "6629fae49393a05397450978507c4ef1");
    assert.equal(p.get("nc"), "00000001");
    assert.equal(p.get("qop"), "auth");
    assert.equal(p.get("cnonce"), "0a4f113b");
    assert.equal(p.get("opaque"), "5ccc069c403ebaf9f0171e9517f40e41");
  });

  it("reproduces RFC 7616 §3.9.1's SHA-256 response and prefers SHA-256 over MD5 (RFC 8760 §2.4)", () => {
    const s = new DigestClientSession(
      () => ({ username: "Mufasa", password: "Circle of Life" }),
      () => "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
    );
    const base =
      'realm="http-auth@example.org", qop="auth, auth-int", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
    const r = s.answer(
      challenge(401, `Digest ${base}, algorithm=MD5`, `Digest ${base}, algorithm=SHA-256`),
      "GET",
      "/dir/index.html",
    );
    assert.ok(r.ok);
    assert.equal(r.header.algorithm, "SHA-256");
    assert.equal(
      params(r.header.value).get("response"),
      "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
    );
  });

  it("answers a challenge without qop in the RFC 2617 §3.2.2.1 form: no qop, cnonce or nc", () => {
    const s = new DigestClientSession(
      () => ({ username: "u", password: "p" }),
      () => "cn",
    );
    const r = s.answer(challenge(401, 'Digest realm="r", nonce="n"'), "REGISTER", "sip:r");
    assert.ok(r.ok);
    const p = params(r.header.value);
    assert.equal(p.has("qop") || p.has("cnonce") || p.has("nc"), false);
    assert.equal(p.get("algorithm"), "MD5");
    const ha1 = computeHa1("MD5", "u", "r", "p");
    assert.equal(
      p.get("response"),
      computeResponse({ algorithm: "MD5", ha1, method: "REGISTER", uri: "sip:r", nonce: "n" }),
    );
  });

  it("answers 407 with Proxy-Authorization, reports stale, and counts nc per nonce", () => {
    const s = new DigestClientSession(
      () => ({ username: "u", password: "p" }),
      () => "cn",
    );
    const ch = challenge(407, 'Digest realm="r", nonce="n", qop="auth", stale=TRUE');
    const a = s.answer(ch, "INVITE", "sip:x@y");
    const b = s.answer(ch, "INVITE", "sip:x@y");
    assert.ok(a.ok && b.ok);
    assert.equal(a.header.name, "Proxy-Authorization");
    assert.equal(a.header.stale, true);
    assert.equal(params(a.header.value).get("nc"), "00000001");
    assert.equal(params(b.header.value).get("nc"), "00000002");
  });

  it("refuses what it cannot answer: no Digest challenge, auth-int only, unknown algorithm", () => {
    const s = new DigestClientSession(
      () => ({ username: "u", password: "p" }),
      () => "cn",
    );
    assert.deepEqual(s.answer(challenge(401), "REGISTER", "sip:r"), { ok: false, reason: "no-challenge" });
    assert.deepEqual(s.answer(challenge(401, 'Basic realm="r"'), "REGISTER", "sip:r"), {
      ok: false,
      reason: "no-challenge",
    });
    assert.deepEqual(
      s.answer(challenge(401, 'Digest realm="r", nonce="n", qop="auth-int"'), "REGISTER", "sip:r"),
      {
        ok: false,
        reason: "unsupported-challenge",
      },
    );
    assert.deepEqual(
      s.answer(challenge(401, 'Digest realm="r", nonce="n", algorithm=SHA-1'), "REGISTER", "sip:r"),
      {
        ok: false,
        reason: "unsupported-challenge",
      },
    );
  });
});
