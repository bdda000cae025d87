import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Logger, ManualClock } from "../base/index.ts";
import { Blacklist } from "../pbx/blacklist/index.ts";
import { ExtensionRouter } from "../pbx/calls/index.ts";
import type { GateResult } from "../pbx/protection/index.ts";
import { DialPlanRouter, dialPlanConfig, TrunkCallLimiter } from "../pbx/routing/index.ts";
import { type InboundTrunk, TrunkInboundRecognizer, trunkSettings } from "../pbx/trunk/index.ts";
import { type MessageSource, parseMessage, type SipRequest } from "../sip/index.ts";
import type { ServerTransaction } from "../sip/transaction/index.ts";
import { AdmittedRoutes } from "./admitted-routes.ts";
import { InviteAdmission } from "./invite-admission.ts";

const TOKEN = "pibx-token-0123456789abcdef";
const PROVIDER = { address: "203.0.113.10", port: 5060 };
const LOCAL = { address: "172.16.0.10", port: 5060 };
const FROM_PROVIDER: MessageSource = { protocol: "UDP", remote: PROVIDER, local: LOCAL };
const FROM_PHONE: MessageSource = {
  protocol: "UDP",
  remote: { address: "172.16.0.20", port: 5060 },
  local: LOCAL,
};
const trunk: InboundTrunk = {
  settings: trunkSettings({
    name: "provider",
    host: PROVIDER.address,
    username: "15550123",
    password: "x",
    dids: [{ number: "15550123", destination: { extension: "100" } }],
  }),
  endpoints: () => [PROVIDER],
  contactUser: TOKEN,
};

function invite(ruriUser: string, from: string, extra: string[] = []): SipRequest {
  const text = [
    `INVITE sip:${ruriUser}@172.16.0.10 SIP/2.0`,
    "Via: SIP/2.0/UDP 203.0.113.10;branch=z9hG4bKa1",
    "Max-Forwards: 69",
    `From: <sip:${from}@203.0.113.10>;tag=f1`,
    "To: <sip:15550123@203.0.113.10>",
    "Call-ID: c1",
    "CSeq: 1 INVITE",
    "Contact: <sip:x@203.0.113.10>",
    ...extra,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  return parseMessage(Buffer.from(text)) as SipRequest;
}

function setup(
  gate: GateResult = { ok: false, reply: { status: 401, headers: [["WWW-Authenticate", "x"]] } },
) {
  const toUa: SipRequest[] = [];
  const toDialogs: SipRequest[] = [];
  let gateChecks = 0;
  const admission = new InviteAdmission(
    {
      onRequest: (req) => toUa.push(req),
      validation: {
        role: "uas",
        allowedMethods: ["ACK", "INVITE"],
        acceptedContentTypes: ["application/sdp"],
      },
    },
    { onRequest: (req) => toDialogs.push(req), onStrayResponse: () => {}, sessions: [] },
    () => ({
      recognizer: () => new TrunkInboundRecognizer(() => [trunk]),
      trunkSettings: () => trunk.settings,
      blacklist: () => new Blacklist({ numbers: ["15550666"], prefixes: [], anonymous: true, response: 603 }),
      gate: () => ({
        check: () => {
          gateChecks++;
          return gate;
        },
      }),
      router: () =>
        new DialPlanRouter(
          dialPlanConfig({
            extensions: [
              { number: "100", permissions: "internal" },
              { number: "101", permissions: "internal" },
            ],
            trunks: [],
          }),
        ),
      limiter: new TrunkCallLimiter(new ManualClock(), () => ({ maxCalls: 1 })),
      logger: Logger.create({ level: "error" }),
    }),
  );
  const tx = {} as ServerTransaction;
  return { admission, toUa, toDialogs, tx, gateChecks: () => gateChecks };
}

const ctx = (source: MessageSource) => ({ source, tx: {} as ServerTransaction });

describe("InviteAdmission (the INVITE policy in front of the B2BUA)", () => {
  it("a trunk INVITE to a DID routed to 100 goes to the dialog layer; the B2BUA admits it and rings 100", async () => {
    const { admission, toDialogs, toUa, tx } = setup();
    const req = invite(TOKEN, "15550199");
    admission.onRequest(req, tx, FROM_PROVIDER);
    assert.deepEqual([toDialogs.length, toUa.length], [1, 0]);
    const routes = new AdmittedRoutes();
    assert.deepEqual(await admission.authorizer(routes).authorize(req, PROVIDER.address), {
      ok: true,
      user: "15550199",
    });
    const router = routes.router(new ExtensionRouter([{ number: "100" }]));
    assert.deepEqual(router.route(TOKEN, { number: "15550199" }), { kind: "extension", user: "100" });
  });

  it("a blacklisted trunk caller is answered by the UA core with the configured 603; no dialog", () => {
    const { admission, toDialogs, toUa, tx } = setup();
    const req = invite(TOKEN, "15550666");
    admission.onRequest(req, tx, FROM_PROVIDER);
    assert.deepEqual([toDialogs.length, toUa.length], [0, 1]);
    assert.equal(admission.handler(req, ctx(FROM_PROVIDER)).status, 603);
  });

  it("not the trunk: the gate's challenge, checked once (the nonce count is spent once)", () => {
    const { admission, toUa, tx, gateChecks } = setup();
    const req = invite(TOKEN, "15550199");
    admission.onRequest(req, tx, FROM_PHONE);
    assert.equal(toUa.length, 1);
    const reply = admission.handler(req, ctx(FROM_PHONE));
    assert.deepEqual([reply.status, reply.headers], [401, [["WWW-Authenticate", "x"]]]);
    assert.equal(gateChecks(), 1);
  });

  it("an authenticated extension calling another is admitted as itself", async () => {
    const { admission, toDialogs, tx } = setup({ ok: true, user: "101" } as GateResult);
    const req = invite("100", "101");
    admission.onRequest(req, tx, FROM_PHONE);
    assert.equal(toDialogs.length, 1);
    assert.deepEqual(await admission.authorizer(new AdmittedRoutes()).authorize(req, undefined), {
      ok: true,
      user: "101",
    });
  });

  it("an unsupported extension (Require) fails the UA core's checks before the policy runs", () => {
    const { admission, toUa, tx, gateChecks } = setup();
    admission.onRequest(invite("100", "101", ["Require: x-unknown"]), tx, FROM_PHONE);
    assert.deepEqual([toUa.length, gateChecks()], [1, 0]);
  });

  it("a re-INVITE for no dialog of ours: challenged when unauthenticated, else 481", () => {
    const tagged = () =>
      parseMessage(
        Buffer.from(
          "INVITE sip:100@172.16.0.10 SIP/2.0\r\nVia: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bKb\r\nMax-Forwards: 70\r\nFrom: <sip:101@x>;tag=a\r\nTo: <sip:100@x>;tag=b\r\nCall-ID: c2\r\nCSeq: 2 INVITE\r\nContact: <sip:101@1.2.3.4>\r\nContent-Length: 0\r\n\r\n",
        ),
      ) as SipRequest;
    const stranger = setup();
    const r1 = tagged();
    stranger.admission.onRequest(r1, stranger.tx, FROM_PHONE);
    assert.deepEqual([stranger.toDialogs.length, stranger.toUa.length], [0, 1]);
    assert.equal(stranger.admission.handler(r1, ctx(FROM_PHONE)).status, 401);
    const known = setup({ ok: true, user: "101" } as GateResult);
    const r2 = tagged();
    known.admission.onRequest(r2, known.tx, FROM_PHONE);
    assert.equal(known.admission.handler(r2, ctx(FROM_PHONE)).status, 481);
  });

  it("other methods go to the dialog layer (which passes REGISTER, OPTIONS... up to the UA core)", () => {
    const { admission, toDialogs, toUa, tx } = setup();
    admission.onRequest({ ...invite("100", "101"), method: "OPTIONS" }, tx, FROM_PHONE);
    assert.deepEqual([toDialogs.length, toUa.length], [1, 0]);
  });
});
