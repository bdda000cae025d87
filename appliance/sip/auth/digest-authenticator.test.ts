import assert from "node:assert/strict";
import { test } from "node:test";
import { parseAuthValue, parseMessage, type SipRequest } from "../message/index.ts";
import { StaticCredentialStore } from "./credentials.ts";
import { DigestAuthenticator } from "./digest-authenticator.ts";
import { answerChallenge } from "./digest-client.ts";
import { computeHa1, computeResponse } from "./digest-compute.ts";
import { NonceService } from "./nonce.ts";

const REALM = "pibx.test";
const T0 = Date.UTC(2026, 0, 1);

function setup(users = [{ username: "100", password: "secret100" }]) {
  let now = T0;
  const auth = new DigestAuthenticator({
    realm: REALM,
    credentials: new StaticCredentialStore(REALM, users),
    nonces: new NonceService({ secret: new Uint8Array(32).fill(1), lifetimeSeconds: 60 }),
    now: () => now,
    opaque: "op4que",
  });
  return { auth, advance: (ms: number) => (now += ms) };
}

function register(authorization?: string, user = "100"): SipRequest {
  const lines = [
    "REGISTER sip:pibx.test SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1",
    `From: <sip:${user}@pibx.test>;tag=a`,
    `To: <sip:${user}@pibx.test>`,
    "Call-ID: c1",
    "CSeq: 1 REGISTER",
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    "Content-Length: 0",
    "",
    "",
  ];
  return parseMessage(Buffer.from(lines.join("\r\n"))) as SipRequest;
}

function answer(challengeValue: string, user: string, password: string, nc = 1): string {
  return answerChallenge(challengeValue, {
    username: user,
    password,
    method: "REGISTER",
    uri: "sip:pibx.test",
    cnonce: "cn0nce",
    nc,
  });
}

test("challenge offers SHA-256 first then MD5, same nonce, qop=auth, opaque (RFC 8760 §2.4)", () => {
  const { auth } = setup();
  const ch = auth.challenge();
  assert.equal(ch.status, 401);
  assert.equal(ch.headers.length, 2);
  const [a, b] = ch.headers.map(([n, v]) => {
    assert.equal(n, "WWW-Authenticate");
    return parseAuthValue(v);
  });
  assert.equal(a!.params.get("algorithm"), "SHA-256");
  assert.equal(b!.params.get("algorithm"), "MD5");
  assert.equal(a!.params.get("nonce"), b!.params.get("nonce"));
  assert.equal(a!.params.get("qop"), "auth");
  assert.equal(a!.params.get("opaque"), "op4que");
  assert.equal(a!.params.get("realm"), REALM);
  assert.match(ch.headers[0]![1], /qop="auth"/);
  assert.equal(a!.params.has("stale"), false);
});

test("no credentials or an unknown scheme → challenge (RFC 4475 §3.3.7)", () => {
  const { auth } = setup();
  assert.deepEqual(auth.authenticate(register()), { outcome: "challenge", stale: false });
  assert.deepEqual(auth.authenticate(register("NoOneKnowsThisScheme opaque-data=here")), {
    outcome: "challenge",
    stale: false,
  });
});

test("correct SHA-256 and MD5 answers authenticate; the next nc works, a replayed one does not", () => {
  const { auth } = setup();
  for (const i of [0, 1]) {
    const value = auth.challenge().headers[i]![1];
    const first = auth.authenticate(register(answer(value, "100", "secret100", 1)));
    assert.deepEqual(first, { outcome: "ok", username: "100", algorithm: i === 0 ? "SHA-256" : "MD5" });
    assert.equal(auth.authenticate(register(answer(value, "100", "secret100", 2))).outcome, "ok");
    const replay = auth.authenticate(register(answer(value, "100", "secret100", 2)));
    assert.deepEqual(replay, { outcome: "failed", reason: "replay", username: "100" });
  }
});

test("HA1-only credentials authenticate without a password in memory", () => {
  const ha1 = { MD5: computeHa1("MD5", "101", REALM, "pw101") };
  const { auth } = setup([{ username: "101", ha1 } as never]);
  const [, md5] = auth.challenge().headers;
  assert.equal(auth.authenticate(register(answer(md5![1], "101", "pw101"), "101")).outcome, "ok");
  // No SHA-256 HA1 for this user: the SHA-256 answer fails like a wrong password.
  const [sha] = auth.challenge().headers;
  assert.equal(auth.authenticate(register(answer(sha![1], "101", "pw101"), "101")).outcome, "failed");
});

test("stale nonce with the right password → stale=true challenge; with a wrong one → failure", () => {
  const { auth, advance } = setup();
  const value = auth.challenge().headers[0]![1];
  advance(61_000);
  assert.deepEqual(auth.authenticate(register(answer(value, "100", "secret100"))), {
    outcome: "challenge",
    stale: true,
  });
  assert.equal(auth.authenticate(register(answer(value, "100", "wrong"))).outcome, "failed");
  const stale = auth.challenge(true);
  assert.equal(parseAuthValue(stale.headers[0]![1]).params.get("stale"), "true");
});

test("a forged nonce is only re-challenged; a missing qop is malformed", () => {
  const { auth } = setup();
  const forged = answer(
    'Digest realm="pibx.test", nonce="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", algorithm=MD5',
    "100",
    "secret100",
  );
  assert.deepEqual(auth.authenticate(register(forged)), { outcome: "challenge", stale: false });
  const value = auth.challenge().headers[1]![1];
  const noQop = answer(value, "100", "secret100").replace(/,\s*qop=auth/, "");
  assert.deepEqual(auth.authenticate(register(noQop)), {
    outcome: "failed",
    reason: "malformed",
    username: "100",
  });
});

test("no enumeration: unknown user and wrong password give the same outcome and the same challenge shape", () => {
  const { auth } = setup();
  const value = auth.challenge().headers[0]![1];
  const unknown = auth.authenticate(register(answer(value, "999", "secret100", 1), "999"));
  const wrong = auth.authenticate(register(answer(value, "100", "nope", 1)));
  assert.equal(unknown.outcome, "failed");
  assert.equal(wrong.outcome, "failed");
  // What goes on the wire depends only on the outcome: the challenge has no user in it.
  const shape = (h: Array<[string, string]>) =>
    h.map(([n, v]) => [n, v.replace(/nonce="[^"]*"/, 'nonce="N"')]);
  assert.deepEqual(shape(auth.challenge().headers), shape(auth.challenge().headers));
});

test("no enumeration: an unknown user costs the same digest work as a known one (one response computed)", () => {
  const calls: string[] = [];
  const auth = new DigestAuthenticator({
    realm: REALM,
    credentials: new StaticCredentialStore(REALM, [{ username: "100", password: "secret100" }]),
    nonces: new NonceService({ secret: new Uint8Array(32).fill(1), lifetimeSeconds: 60 }),
    now: () => T0,
    opaque: "o",
    compute: (d) => {
      calls.push(d.ha1);
      return computeResponse(d);
    },
  });
  const value = auth.challenge().headers[0]![1];
  assert.equal(auth.authenticate(register(answer(value, "999", "x"), "999")).outcome, "failed");
  assert.equal(auth.authenticate(register(answer(value, "100", "x"))).outcome, "failed");
  assert.equal(calls.length, 2);
  // Both computed over a 64-hex HA1 (the unknown user's is a random dummy, never a match).
  assert.ok(calls.every((h) => /^[0-9a-f]{64}$/.test(h)));
  assert.notEqual(calls[0], calls[1]);
});
