import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { computeHa1, computeResponse } from "./digest-compute.ts";

// RFC 7616 §3.9.1: the SHA-256 and MD5 examples (GET /dir/index.html, user Mufasa).
const rfc7616 = {
  username: "Mufasa",
  realm: "http-auth@example.org",
  password: "Circle of Life",
  nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
  nc: "00000001",
  method: "GET",
  uri: "/dir/index.html",
};

test("RFC 7616 §3.9.1 SHA-256 example", () => {
  const ha1 = computeHa1("SHA-256", rfc7616.username, rfc7616.realm, rfc7616.password);
  const r = computeResponse({ algorithm: "SHA-256", ha1, qop: "auth", ...rfc7616 });
  assert.equal(r, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
});

test("RFC 7616 §3.9.1 MD5 example", () => {
  const ha1 = computeHa1("MD5", rfc7616.username, rfc7616.realm, rfc7616.password);
  const r = computeResponse({ algorithm: "MD5", ha1, qop: "auth", ...rfc7616 });
  assert.equal(r, "8ca523f5e9506fed4657c9700eebdbec");
});

test("RFC 2617 §3.5 example (MD5, qop=auth)", () => {
  const ha1 = computeHa1("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life");
  const r = computeResponse({
    algorithm: "MD5",
    ha1,
    method: "GET",
    uri: "/dir/index.html",
    nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
    qop: "auth",
    nc: "00000001",
    cnonce: "0a4f113b",
  });
  assert.equal(r, "6629fae49393a05397450978507c4ef1");
});

test("sipsak-style MD5 REGISTER digest matches an independent computation", () => {
  // What sipsak -a sends: MD5(HA1:nonce:nc:cnonce:auth:MD5(REGISTER:sip:host)).
  const ha1 = computeHa1("MD5", "100", "pibx.test", "secret100");
  const r = computeResponse({
    algorithm: "MD5",
    ha1,
    method: "REGISTER",
    uri: "sip:127.0.0.1:5060",
    nonce: "abc",
    qop: "auth",
    nc: "00000001",
    cnonce: "1a2b3c",
  });
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");
  const expected = md5(
    `${md5("100:pibx.test:secret100")}:abc:00000001:1a2b3c:auth:${md5("REGISTER:sip:127.0.0.1:5060")}`,
  );
  assert.equal(r, expected);
});

test("no qop: RFC 2617 §3.2.2.1 form KD(HA1, nonce:HA2)", () => {
  const ha1 = computeHa1("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life");
  const nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  const r = computeResponse({ algorithm: "MD5", ha1, method: "GET", uri: "/dir/index.html", nonce });
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");
  assert.equal(r, md5(`${ha1}:${nonce}:${md5("GET:/dir/index.html")}`));
  assert.notEqual(
    r,
    computeResponse({
      algorithm: "MD5",
      ha1,
      method: "GET",
      uri: "/dir/index.html",
      nonce,
      qop: "auth",
      nc: "00000001",
      cnonce: "x",
    }),
  );
});
