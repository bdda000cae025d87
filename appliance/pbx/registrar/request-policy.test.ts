// The whole request path in one process: transaction layer → UA core → policy → digest auth →
// registrar, with the protection counters, on a ManualClock and a fake transport.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Logger, ManualClock, RandomIdSource, SeededRandom } from "../../base/index.ts";
import {
  answerChallenge,
  DigestAuthenticator,
  NonceService,
  StaticCredentialStore,
} from "../../sip/auth/index.ts";
import {
  getHeader,
  getHeaders,
  parseMessage,
  type SipRequest,
  type SipResponse,
  TransactionLayer,
} from "../../sip/index.ts";
import { FakeSender, flush, UDP_SOURCE } from "../../sip/transaction/testing.ts";
import { UaCore } from "../../sip/ua/index.ts";
import { AuthGate, SourceGuard } from "../protection/index.ts";
import { MemoryBindingStore } from "./binding-store.ts";
import { Registrar } from "./registrar.ts";
import { installRequestPolicy } from "./request-policy.ts";

const REALM = "pibx.test";

async function setup() {
  const clock = new ManualClock();
  const sender = new FakeSender(() => clock.now());
  const ids = new RandomIdSource(new SeededRandom(7));
  const layer = new TransactionLayer({ transport: sender, clock, ids });
  const ua = new UaCore({ ids });
  const registrar = new Registrar({ store: new MemoryBindingStore(), clock, domain: REALM });
  await registrar.start();
  const lines: string[] = [];
  const guard = new SourceGuard({
    clock,
    logger: Logger.create({ sink: (l) => lines.push(l) }),
    settings: { maxAuthFailures: 3, banSeconds: 60 },
    isTrusted: (a) => registrar.hasLiveBinding(a),
  });
  const authenticator = new DigestAuthenticator({
    realm: REALM,
    credentials: new StaticCredentialStore(REALM, [{ username: "100", password: "pw-100-secret" }]),
    nonces: new NonceService({ secret: new Uint8Array(32).fill(3), lifetimeSeconds: 60 }),
    now: () => clock.wallTime().getTime(),
    opaque: "o",
  });
  const gate = new AuthGate(authenticator, guard);
  installRequestPolicy(ua, {
    gate: () => gate,
    registrar,
    isExtension: (u) => u === "100",
    matchesInvite: (c) => layer.findInviteForCancel(c) !== undefined,
  });
  layer.setUser(ua);
  let n = 0;
  const send = async (
    method: string,
    user: string,
    extra: string[] = [],
    ruri?: string,
  ): Promise<SipResponse> => {
    n++;
    const text = [
      `${method} ${ruri ?? (method === "REGISTER" ? `sip:${REALM}` : `sip:${user}@${REALM}`)} SIP/2.0`,
      `Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-p${n}`,
      "Max-Forwards: 70",
      `From: <sip:${user}@${REALM}>;tag=f${n}`,
      `To: <sip:${user}@${REALM}>`,
      `Call-ID: c-${user}`,
      `CSeq: ${n} ${method}`,
      ...extra,
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n");
    layer.receive(parseMessage(Buffer.from(text)) as SipRequest, UDP_SOURCE);
    await flush();
    await flush();
    const res = sender
      .responses()
      .filter((s) => (s.message as SipResponse).status >= 200)
      .at(-1)!.message as SipResponse;
    return res;
  };
  const authorized = async (method: string, user: string, password: string, extra: string[] = []) => {
    const ch = await send(method, user, extra);
    assert.equal(ch.status, 401);
    const uri = method === "REGISTER" ? `sip:${REALM}` : `sip:${user}@${REALM}`;
    const auth = answerChallenge(getHeaders(ch, "WWW-Authenticate")[0]!, {
      username: user,
      password,
      method,
      uri,
      cnonce: "cn",
      nc: 1,
    });
    return send(method, user, [...extra, `Authorization: ${auth}`]);
  };
  return { clock, guard, registrar, send, authorized, lines };
}

test("OPTIONS is answered 200 for any user, without a challenge", async () => {
  const { send } = await setup();
  const a = await send("OPTIONS", "100");
  const b = await send("OPTIONS", "nobody");
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  assert.equal(getHeader(a, "Allow"), getHeader(b, "Allow"));
});

test("REGISTER: challenge, then the registrar; the source becomes trusted", async () => {
  const { authorized, registrar } = await setup();
  const ok = await authorized("REGISTER", "100", "pw-100-secret", ["Contact: <sip:100@192.0.2.10>"]);
  assert.equal(ok.status, 200);
  assert.equal(getHeader(ok, "Contact"), "<sip:100@192.0.2.10>;expires=3600");
  assert.equal(registrar.hasLiveBinding("192.0.2.10"), true);
});

test("INVITE: challenge first whoever the target; after auth 480 for an extension, 404 otherwise", async () => {
  const { send, authorized } = await setup();
  assert.equal((await send("INVITE", "100")).status, 401);
  assert.equal((await send("INVITE", "555")).status, 401);
  assert.equal((await authorized("INVITE", "100", "pw-100-secret")).status, 480);
});

test("BYE is challenged, then 481; a CANCEL matching nothing is 481", async () => {
  const { send, authorized } = await setup();
  assert.equal((await send("BYE", "100")).status, 401);
  assert.equal((await authorized("BYE", "100", "pw-100-secret")).status, 481);
  assert.equal((await send("CANCEL", "100")).status, 481);
});

test("failed guesses count per source and ban it; challenges alone never do", async () => {
  const { send, authorized, guard, lines } = await setup();
  for (let i = 0; i < 10; i++) await send("REGISTER", "100");
  assert.equal(guard.isBanned(UDP_SOURCE.remote.address), false);
  for (let i = 0; i < 3; i++) assert.equal((await authorized("REGISTER", "100", "wrong")).status, 401);
  assert.equal(guard.isBanned(UDP_SOURCE.remote.address), true);
  assert.ok(
    lines.some((l) =>
      l.includes(`pibx: ban ip=${UDP_SOURCE.remote.address} reason=auth-failures count=3 seconds=60`),
    ),
  );
});

test("a phone's own refreshes never add up to a ban (success resets the count)", async () => {
  const { authorized, guard } = await setup();
  for (let round = 0; round < 5; round++) {
    assert.equal((await authorized("REGISTER", "100", "wrong")).status, 401);
    assert.equal((await authorized("REGISTER", "100", "wrong")).status, 401);
    assert.equal(
      (await authorized("REGISTER", "100", "pw-100-secret", ["Contact: <sip:100@192.0.2.10>"])).status,
      200,
    );
  }
  assert.equal(guard.isBanned(UDP_SOURCE.remote.address), false);
});
