import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DigestChallenger,
  digestAuthorization,
  digestResponseValid,
  parseDigestAuthorization,
} from "./http-digest.ts";

test("RFC 2617 §3.5 example response (no qop variant computed the same way)", () => {
  // The RFC's example: Mufasa / Circle Of Life, qop=auth.
  const c = parseDigestAuthorization(
    'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
  )!;
  assert.equal(c.username, "Mufasa");
  assert.ok(digestResponseValid(c, "GET", "Circle Of Life"));
  assert.ok(!digestResponseValid(c, "GET", "circle of life"));
});

test("a challenge answered by the client side verifies; stale nonces do not", () => {
  let now = 1_000_000;
  const ch = new DigestChallenger(() => now);
  const challenge = ch.challenge();
  const creds = parseDigestAuthorization(
    digestAuthorization(challenge, "GET", "/prov/x.xml", "desk-1", "pw"),
  )!;
  assert.ok(ch.nonceFresh(creds.nonce));
  assert.ok(digestResponseValid(creds, "GET", "pw"));
  now += 10 * 60_000;
  assert.ok(!ch.nonceFresh(creds.nonce));
  assert.ok(!ch.nonceFresh("abc.def"));
  assert.equal(parseDigestAuthorization("Basic Zm9vOmJhcg=="), undefined);
});
