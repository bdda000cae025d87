import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManualClock, RandomIdSource, SeededRandom } from "../../base/index.ts";
import { PublicAddressTracker } from "../../nat/index.ts";
import { computeHa1, computeResponse } from "../../sip/auth/index.ts";
import {
  getAuthValues,
  getCallId,
  getContacts,
  getCSeq,
  getHeader,
  type SipRequest,
  type SipResponse,
  TransactionLayer,
} from "../../sip/index.ts";
import { FakeSender, responseTo, UDP_SOURCE } from "../../sip/transaction/testing.ts";
import { TrunkRegistration } from "./trunk-registration.ts";
import { type TrunkSettings, trunkSettings } from "./trunk-settings.ts";

const PROVIDER = "203.0.113.10";
const REALM = "203.0.113.10";
const PASSWORD = "s3cret";

function setup(over: Partial<TrunkSettings> = {}, o: { learn?: boolean } = {}) {
  const clock = new ManualClock();
  const transport = new FakeSender(() => clock.now());
  const layer = new TransactionLayer({ transport, clock });
  layer.setUser({ onRequest: () => {} });
  const addresses = new PublicAddressTracker({ address: "172.16.0.10", port: 5060 });
  const settings = trunkSettings({
    name: "provider",
    host: PROVIDER,
    username: "pibx-trunk",
    password: PASSWORD,
    keepaliveSeconds: 0,
    ...over,
  });
  const reg = new TrunkRegistration({
    settings,
    clock,
    ids: new RandomIdSource(new SeededRandom(7)),
    random: new SeededRandom(11),
    sender: layer,
    addresses,
    learnFromProvider: o.learn ?? true,
  });
  const events: string[] = [];
  for (const e of ["registered", "backoff", "failed", "closed"] as const)
    reg.events.on(e, () => events.push(e));
  const registers = (): SipRequest[] =>
    distinct(transport.requests("REGISTER").map((s) => s.message as SipRequest));
  const last = (): SipRequest => registers().at(-1)!;
  /** The provider answers the last REGISTER (via: extra Via params the provider stamps). */
  const answer = (
    status: number,
    headers: string[] = [],
    via = ";received=203.0.113.2;rport=40000",
  ): void => {
    const req = last();
    const res = responseTo(req, status);
    const v = getHeader(res, "Via")!;
    res.headers = res.headers.map((h) => (h.name === "Via" ? { name: "Via", value: v + via } : h));
    for (const line of headers) {
      const i = line.indexOf(":");
      res.headers.push({ name: line.slice(0, i), value: line.slice(i + 1).trim() });
    }
    layer.receive(res, UDP_SOURCE);
  };
  const challenge = (nonce: string, extra = ""): void =>
    answer(401, [`WWW-Authenticate: Digest realm="${REALM}", nonce="${nonce}"${extra}`]);
  const ok = (expires = 600, contactHost = "203.0.113.2:40000"): void => {
    const user = reg.contactUser;
    answer(200, [`Contact: <sip:${user}@${contactHost}>;expires=${expires}`]);
  };
  return { clock, transport, layer, reg, events, registers, last, answer, challenge, ok, addresses };
}

/** Requests as transactions (retransmissions, same CSeq, counted once). */
function distinct(reqs: SipRequest[]): SipRequest[] {
  const seen = new Set<number>();
  return reqs.filter((r) => {
    const n = getCSeq(r)!.seq;
    if (seen.has(n)) return false;
    seen.add(n);
    return true;
  });
}

/** Lets the transaction layer's async sends settle (no timer involved). */
const settle = () => new Promise<void>((r) => setImmediate(r));

async function registered(t: ReturnType<typeof setup>): Promise<void> {
  await t.reg.start();
  t.challenge("n1");
  t.ok(600, "172.16.0.10:5060");
  // The 2xx taught the public address: a second REGISTER corrects the Contact.
  t.ok();
  await settle();
  assert.equal(t.reg.state, "registered");
}

describe("TrunkRegistration", () => {
  it("registers: REGISTER, 401, REGISTER with digest credentials (no qop: RFC 2617 form), 200", async () => {
    const t = setup({}, { learn: false });
    await t.reg.start();
    const first = t.last();
    assert.equal(first.method, "REGISTER");
    assert.equal(getHeader(first, "Authorization"), undefined, "nothing sent before the challenge");
    assert.equal(getHeader(first, "Expires"), "600");
    assert.match(getHeader(first, "To")!, /<sip:pibx-trunk@203\.0\.113\.10>/);
    const contact = getContacts(first);
    assert.ok(contact !== "*" && contact[0]!.uri.type === "sip");
    const user = contact[0]!.uri.type === "sip" ? contact[0]!.uri.user : "";
    assert.equal(user, t.reg.contactUser);
    assert.match(t.reg.contactUser, /^pibx-[0-9A-Za-z]{24}$/);

    t.challenge("abc");
    const second = t.last();
    assert.equal(t.registers().length, 2);
    assert.equal(getCallId(second), getCallId(first), "RFC 3261 §10.2.4: same Call-ID");
    assert.equal(getCSeq(second)!.seq, getCSeq(first)!.seq + 1, "CSeq incremented");
    const [auth] = getAuthValues(second, "Authorization");
    assert.equal(auth!.params.get("username"), "pibx-trunk");
    assert.equal(auth!.params.get("nonce"), "abc");
    assert.equal(auth!.params.get("qop"), undefined, "no qop offered, none answered");
    const ha1 = computeHa1("MD5", "pibx-trunk", REALM, PASSWORD);
    const expected = computeResponse({
      algorithm: "MD5",
      ha1,
      method: "REGISTER",
      uri: "sip:203.0.113.10",
      nonce: "abc",
    });
    assert.equal(auth!.params.get("response"), expected);

    t.ok(300, "172.16.0.10:5060");
    assert.equal(t.reg.state, "registered");
    assert.deepEqual(t.events, ["registered"]);
    assert.equal(t.reg.status.expiresAt, 300_000, "expires from our Contact's expires param");
    assert.equal(t.reg.status.cseq, getCSeq(second)!.seq);
  });

  it("refreshes at max(expires/2, expires − margin) with the same Call-ID and a higher CSeq", async () => {
    const t = setup({}, { learn: false });
    await t.reg.start();
    t.challenge("n1");
    t.ok(600);
    const n = t.registers().length;
    const callId = getCallId(t.last());
    const cseq = getCSeq(t.last())!.seq;
    t.clock.advance(539_999);
    assert.equal(t.registers().length, n, "not before 540 s");
    t.clock.advance(1);
    assert.equal(t.registers().length, n + 1, "refresh at 600 − 60 s");
    assert.equal(getCallId(t.last()), callId);
    assert.ok(getCSeq(t.last())!.seq > cseq);
    assert.equal(t.reg.state, "registering");
    // A provider that restarted has forgotten us: it challenges again, then takes the binding.
    t.challenge("fresh-after-restart");
    t.ok(20);
    assert.equal(t.reg.state, "registered");
    const before = t.registers().length;
    t.clock.advance(10_000);
    assert.equal(t.registers().length, before + 1, "short lifetime: refresh at half (10 s of 20)");
  });

  it("a second challenge to fresh credentials without stale=true is a wrong password: failed, no loop", async () => {
    const t = setup({}, { learn: false });
    await t.reg.start();
    t.challenge("n1");
    t.challenge("n2"); // Kamailio answers a wrong password with a new nonce
    assert.equal(t.reg.state, "failed");
    assert.deepEqual(t.events, ["failed"]);
    assert.equal(t.reg.status.lastError?.status, 401);
    const n = t.registers().length;
    t.clock.advance(3_600_000);
    assert.equal(t.registers().length, n, "nothing more is sent");
  });

  it("the same nonce again without stale is refused too; stale=true is answered once more", async () => {
    const a = setup({}, { learn: false });
    await a.reg.start();
    a.challenge("same");
    a.challenge("same");
    assert.equal(a.reg.state, "failed");

    const b = setup({}, { learn: false });
    await b.reg.start();
    b.challenge("old");
    b.challenge("new", ", stale=true");
    assert.equal(b.reg.state, "registering");
    assert.equal(getAuthValues(b.last(), "Authorization")[0]!.params.get("nonce"), "new");
    b.ok();
    assert.equal(b.reg.state, "registered");
  });

  it("407 is answered with Proxy-Authorization, qop=auth with cnonce and nc, opaque echoed", async () => {
    const t = setup({}, { learn: false });
    await t.reg.start();
    t.answer(407, [
      'Proxy-Authenticate: Digest realm="r", nonce="pn", qop="auth,auth-int", opaque="op", algorithm=SHA-256',
    ]);
    const req = t.last();
    assert.equal(getHeader(req, "Authorization"), undefined);
    const [auth] = getAuthValues(req, "Proxy-Authorization");
    assert.equal(auth!.params.get("qop"), "auth");
    assert.equal(auth!.params.get("nc"), "00000001");
    assert.equal(auth!.params.get("opaque"), "op");
    assert.equal(auth!.params.get("algorithm"), "SHA-256");
    assert.ok((auth!.params.get("cnonce") ?? "").length >= 8);
  });

  it("backs off per RFC 5626 §4.5: 50–100% of min(max, base × 2^failures), reset by a success", async () => {
    const t = setup({ backoffBaseSeconds: 30, backoffMaxSeconds: 1800 }, { learn: false });
    await t.reg.start();
    const waits: number[] = [];
    for (let i = 1; i <= 8; i++) {
      t.answer(503);
      assert.equal(t.reg.state, "backoff");
      const wait = t.reg.status.nextAttemptAt! - t.clock.now();
      waits.push(wait);
      const w = Math.min(1800, 30 * 2 ** i) * 1000;
      assert.ok(wait >= w / 2 && wait <= w, `failure ${i}: ${wait} ms not in [${w / 2}, ${w}]`);
      const n = t.registers().length;
      t.clock.advance(wait);
      assert.equal(t.registers().length, n + 1, "retried when the wait is over");
    }
    assert.ok(waits.at(-1)! <= 1_800_000, "capped at max-time");
    assert.equal(t.reg.status.consecutiveFailures, 8);
    t.challenge("n");
    t.ok();
    assert.equal(t.reg.status.consecutiveFailures, 0);
    assert.deepEqual(t.events.filter((e) => e === "backoff").length, 8);
  });

  it("no answer at all (Timer F) and transport errors go to backoff, not failed", async () => {
    const t = setup({}, { learn: false });
    await t.reg.start();
    t.clock.advance(32_000);
    assert.equal(t.reg.state, "backoff");
    assert.equal(t.reg.status.lastError?.status, 408);

    const u = setup({}, { learn: false });
    u.transport.mode = "fail";
    await u.reg.start();
    await settle();
    assert.equal(u.reg.state, "backoff");
  });

  it("403 and unanswerable challenges are fatal; 423 retries with Min-Expires", async () => {
    const a = setup({}, { learn: false });
    await a.reg.start();
    a.answer(403);
    assert.equal(a.reg.state, "failed");

    const b = setup({}, { learn: false });
    await b.reg.start();
    b.answer(401, ['WWW-Authenticate: Digest realm="r", nonce="x", qop="auth-int"']);
    assert.equal(b.reg.state, "failed");

    const c = setup({ expiresSeconds: 60 }, { learn: false });
    await c.reg.start();
    c.answer(423, ["Min-Expires: 120"]);
    assert.equal(c.reg.state, "registering");
    assert.equal(getHeader(c.last(), "Expires"), "120");
  });

  it("learns the public address from Via received/rport and re-registers with the corrected Contact", async () => {
    const t = setup();
    const changes: string[] = [];
    t.addresses.events.on("changed", (c) => changes.push(`${c.current.address}:${c.current.port}`));
    await t.reg.start();
    assert.match(getHeader(t.last(), "Contact")!, /@172\.16\.0\.10:5060>/, "LAN address before learning");
    t.challenge("n1");
    t.ok(600, "172.16.0.10:5060");
    assert.deepEqual(changes, ["203.0.113.2:40000"]);
    assert.equal(t.reg.state, "registering", "registering again at once");
    const again = t.last();
    assert.match(
      getHeader(again, "Contact")!,
      new RegExp(`<sip:${t.reg.contactUser}@203\\.0\\.113\\.2:40000>`),
    );
    const n = t.registers().length;
    t.ok();
    assert.equal(t.reg.state, "registered");
    assert.equal(t.registers().length, n, "same address: no further REGISTER");
    assert.deepEqual(t.reg.status.publicAddress, { address: "203.0.113.2", port: 40000, source: "provider" });
    // The NAT mapping changes (e.g. the home router rebooted): the next refresh's 2xx says so.
    t.clock.advance(540_000);
    t.answer(
      200,
      [`Contact: <sip:${t.reg.contactUser}@203.0.113.2:40000>;expires=600`],
      ";received=203.0.113.2;rport=40123",
    );
    assert.match(getHeader(t.last(), "Contact")!, /@203\.0\.113\.2:40123>/);
  });

  it("OPTIONS keepalives every 80–100% of 25 s; an unanswered one triggers an early re-REGISTER", async () => {
    const t = setup({ keepaliveSeconds: 25 });
    await registered(t);
    const options = () => distinct(t.transport.requests("OPTIONS").map((s) => s.message as SipRequest));
    t.clock.advance(25_000);
    assert.equal(options().length, 1);
    const ping = options()[0]!;
    assert.equal(ping.uri.type === "sip" && ping.uri.host, PROVIDER);
    // Answered (any status proves the path): nothing else happens.
    const res: SipResponse = responseTo(ping, 200);
    t.layer.receive(res, UDP_SOURCE);
    const n = t.registers().length;
    t.clock.advance(25_000);
    assert.equal(options().length, 2);
    assert.equal(t.registers().length, n);
    // The provider is gone: Timer F (32 s) on the ping → REGISTER long before the 540 s refresh.
    t.clock.advance(32_000);
    assert.equal(t.registers().length, n + 1, "re-registered early");
    assert.equal(t.reg.state, "registering");
  });

  it("close() is idempotent and stops every timer of the registration", async () => {
    const t = setup({ keepaliveSeconds: 25 });
    await registered(t);
    t.reg.close();
    t.reg.close();
    assert.equal(t.reg.state, "closed");
    assert.deepEqual(
      t.events.filter((e) => e === "closed"),
      ["closed"],
    );
    const n = t.registers().length + t.transport.requests("OPTIONS").length;
    t.clock.advance(7_200_000);
    assert.equal(t.registers().length + t.transport.requests("OPTIONS").length, n);
  });

  it("an unresolvable registrar backs off instead of throwing", async () => {
    const clock = new ManualClock();
    const transport = new FakeSender(() => clock.now());
    const layer = new TransactionLayer({ transport, clock });
    const reg = new TrunkRegistration({
      settings: trunkSettings({ name: "x", host: "sip.invalid", username: "u", password: "p" }),
      clock,
      ids: new RandomIdSource(new SeededRandom(1)),
      random: new SeededRandom(2),
      sender: layer,
      addresses: new PublicAddressTracker({ address: "10.0.0.1", port: 5060 }),
      learnFromProvider: true,
      resolve: () => Promise.reject(new Error("NXDOMAIN")),
    });
    await reg.start();
    assert.equal(reg.state, "backoff");
    assert.equal(transport.sent.length, 0);
    assert.deepEqual(reg.registrarEndpoints(), []);
    reg.close();
  });
});
