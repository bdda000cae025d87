import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Logger, ManualClock } from "../base/index.ts";
import { Blacklist } from "../pbx/blacklist/index.ts";
import type { GateResult } from "../pbx/protection/index.ts";
import { DialPlanRouter, dialPlanConfig, TrunkCallLimiter } from "../pbx/routing/index.ts";
import { type InboundTrunk, TrunkInboundRecognizer, trunkSettings } from "../pbx/trunk/index.ts";
import { parseMessage, type SipRequest } from "../sip/index.ts";
import type { MessageSource } from "../sip/transport/index.ts";
import { decideInvite, type InvitePolicyDeps, invitePolicy } from "./invite-policy.ts";

const TOKEN = "pibx-token-0123456789abcdef";
const PROVIDER = { address: "203.0.113.10", port: 5060 };
const trunk: InboundTrunk = {
  settings: trunkSettings({
    name: "provider",
    host: PROVIDER.address,
    username: "15550123",
    password: "x",
    dids: [{ number: "15550123", destination: { ivr: "main" } }],
  }),
  endpoints: () => [PROVIDER],
  contactUser: TOKEN,
};

function source(address = PROVIDER.address, port = PROVIDER.port): Pick<{ source: MessageSource }, "source"> {
  return {
    source: { protocol: "UDP", remote: { address, port }, local: { address: "172.16.0.10", port: 5060 } },
  };
}

function invite(ruriUser: string, from: string, to = "15550123"): SipRequest {
  const lines = [
    `INVITE sip:${ruriUser}@172.16.0.10 SIP/2.0`,
    "Via: SIP/2.0/UDP 203.0.113.10;branch=z9hG4bKa1",
    "Max-Forwards: 69",
    `From: <sip:${from}@203.0.113.10>;tag=f1`,
    `To: <sip:${to}@203.0.113.10>`,
    "Call-ID: c1",
    "CSeq: 1 INVITE",
    "Content-Length: 0",
    "",
    "",
  ];
  return parseMessage(Buffer.from(lines.join("\r\n"))) as SipRequest;
}

function setup(gateResult: GateResult = { ok: false, reply: { status: 401 } }) {
  const clock = new ManualClock();
  const gateCalls: string[] = [];
  const limiter = new TrunkCallLimiter(clock, () => ({ maxCalls: 1 }));
  const lines: string[] = [];
  const logger = Logger.create({ level: "info", sink: (l: string) => lines.push(l) });
  const deps: InvitePolicyDeps = {
    recognizer: () => new TrunkInboundRecognizer(() => [trunk]),
    trunkSettings: () => trunk.settings,
    blacklist: () =>
      new Blacklist({ numbers: ["15550666"], prefixes: ["1900"], anonymous: true, response: 608 }),
    gate: () => ({
      check: (_req: SipRequest, address: string) => {
        gateCalls.push(address);
        return gateResult;
      },
    }),
    router: () =>
      new DialPlanRouter(
        dialPlanConfig({
          extensions: [
            { number: "100", permissions: "international" },
            { number: "103", permissions: "internal" },
          ],
          trunks: [{ name: "provider", patterns: ["1NXXNXXXXXX", "1900NXXXXXX"], maxCalls: 1 }],
        }),
      ),
    limiter,
    logger,
  };
  const policy = invitePolicy(deps);
  return { policy, deps, gateCalls, limiter, lines };
}

describe("INVITE policy", () => {
  it("trunk INVITE from a blacklisted caller: the configured 608, before the auth gate", () => {
    const { policy, gateCalls } = setup();
    const r = policy(invite(TOKEN, "15550666"), source());
    assert.deepEqual([r.status, r.reason], [608, "Rejected"]);
    assert.deepEqual(gateCalls, []);
  });

  it("decideInvite: a DID routed to the IVR goes to the B2BUA with that destination", () => {
    const { deps } = setup();
    const d = decideInvite(deps, invite(TOKEN, "15550199"), source().source);
    assert.deepEqual(d, { kind: "bridge", user: "15550199", destination: { ivr: "main" } });
  });

  it("a DID whose destination is malformed: 480, logged", () => {
    const { deps, lines } = setup();
    const broken = {
      ...trunk,
      settings: { ...trunk.settings, dids: [{ number: "15550123", destination: { ivr: "" } }] },
    };
    const d = decideInvite(
      { ...deps, recognizer: () => new TrunkInboundRecognizer(() => [broken]) },
      invite(TOKEN, "15550199"),
      source().source,
    );
    assert.equal(d.kind === "reply" && d.reply.status, 480);
    assert.ok(lines.some((l) => l.includes("DID has no usable destination")));
  });

  it("decideInvite: a DID routed to an extension bridges the trunk caller to it", () => {
    const { deps } = setup();
    const toDesk = {
      ...trunk,
      settings: { ...trunk.settings, dids: [{ number: "15550123", destination: { extension: "100" } }] },
    };
    const d = decideInvite(
      { ...deps, recognizer: () => new TrunkInboundRecognizer(() => [toDesk]) },
      invite(TOKEN, "15550199"),
      source().source,
    );
    assert.deepEqual(d, { kind: "bridge", user: "15550199", destination: { extension: "100" } });
  });

  it("decideInvite: an authenticated extension dialling another is bridged", () => {
    const { deps } = setup({ ok: true, user: "100" });
    const d = decideInvite(deps, invite("103", "100"), source("172.16.0.20").source);
    assert.deepEqual(d, { kind: "bridge", user: "100", destination: { extension: "103" } });
  });

  it("an unknown DID from the trunk: the recogniser's 404", () => {
    const { policy } = setup();
    assert.equal(policy(invite(TOKEN, "15550199", "15559999"), source()).status, 404);
  });

  it("not from the trunk (wrong source, or wrong Contact token): the auth gate answers", () => {
    const { policy, gateCalls } = setup();
    assert.equal(policy(invite(TOKEN, "15550666"), source("198.51.100.7")).status, 401);
    assert.equal(policy(invite("pibx-guess", "15550666"), source()).status, 401);
    assert.deepEqual(gateCalls, ["198.51.100.7", PROVIDER.address]);
  });

  it("an authenticated extension: the dial plan decides; an outbound call's channel is released", () => {
    const { policy, limiter } = setup({ ok: true, user: "100" });
    assert.equal(policy(invite("15552345678", "100"), source("172.16.0.20")).status, 480);
    assert.equal(limiter.activeCalls("provider"), 0);
    assert.equal(policy(invite("19005551234", "100"), source("172.16.0.20")).status, 403);
    assert.equal(policy(invite("103", "100"), source("172.16.0.20")).status, 480);
    assert.equal(policy(invite("555", "100"), source("172.16.0.20")).status, 404);
  });

  it("an internal-only extension may not dial out", () => {
    const { policy } = setup({ ok: true, user: "103" });
    assert.equal(policy(invite("15552345678", "103"), source("172.16.0.21")).status, 403);
  });
});
