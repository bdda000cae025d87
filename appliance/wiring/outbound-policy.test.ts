// The INVITE policy's outbound half with the B2BUA wired (deps.outbound): what reaches a trunk,
// what is refused before anything is sent, and emergency calls past the per-trunk limits.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Logger, ManualClock } from "../base/index.ts";
import { Blacklist } from "../pbx/blacklist/index.ts";
import type { GateResult } from "../pbx/protection/index.ts";
import { type CallLease, DialPlanRouter, dialPlanConfig, TrunkCallLimiter } from "../pbx/routing/index.ts";
import { TrunkInboundRecognizer } from "../pbx/trunk/index.ts";
import { parseMessage, type SipRequest } from "../sip/index.ts";
import type { MessageSource } from "../sip/transport/index.ts";
import { decideInvite, type InvitePolicyDeps } from "./invite-policy.ts";

const PHONE: MessageSource = {
  protocol: "UDP",
  remote: { address: "172.16.0.20", port: 5060 },
  local: { address: "172.16.0.10", port: 5060 },
};

function invite(number: string, from: string): SipRequest {
  const lines = [
    `INVITE sip:${number}@172.16.0.10 SIP/2.0`,
    "Via: SIP/2.0/UDP 172.16.0.20;branch=z9hG4bKo1",
    "Max-Forwards: 70",
    `From: <sip:${from}@pbx.lab.test>;tag=f1`,
    `To: <sip:${number}@pbx.lab.test>`,
    "Call-ID: o1",
    "CSeq: 1 INVITE",
    "Content-Length: 0",
    "",
    "",
  ];
  return parseMessage(Buffer.from(lines.join("\r\n"))) as SipRequest;
}

function setup(gate: GateResult, limits = { maxCalls: 1, callsPerHour: 2 }) {
  const clock = new ManualClock();
  const limiter = new TrunkCallLimiter(clock, () => limits);
  const admitted: Array<{ dialled: string; user: string; lease: CallLease; emergency: boolean }> = [];
  const deps: InvitePolicyDeps = {
    recognizer: () => new TrunkInboundRecognizer(() => []),
    trunkSettings: () => undefined,
    blacklist: () => new Blacklist({ numbers: [], prefixes: [], anonymous: false, response: 603 }),
    gate: () => ({ check: () => gate }),
    router: () =>
      new DialPlanRouter(
        dialPlanConfig({
          extensions: [
            { number: "100", permissions: "international" },
            { number: "101", permissions: "national" },
            { number: "103", permissions: "internal" },
          ],
          trunks: [{ name: "provider", patterns: ["1NXXNXXXXXX", "011.", "911"], maxCalls: 1 }],
          emergency: { numbers: ["911"], trunk: "provider" },
        }),
      ),
    limiter,
    outbound: {
      admit: (dialled, user, lease, emergency) => admitted.push({ dialled, user, lease, emergency }),
    },
    logger: Logger.silent(),
  };
  const decide = (number: string, from: string) => decideInvite(deps, invite(number, from), PHONE);
  return { decide, admitted, limiter, clock };
}

describe("the INVITE policy for outbound calls", () => {
  it("an extension with the permission goes out: the channel is handed to the B2BUA, not released", () => {
    const { decide, admitted, limiter } = setup({ ok: true, user: "101" });
    assert.deepEqual(decide("15552345678", "101"), { kind: "outbound", user: "101" });
    assert.equal(admitted.length, 1);
    assert.equal(admitted[0]!.lease.trunk, "provider");
    assert.equal(admitted[0]!.lease.number, "15552345678");
    assert.equal(admitted[0]!.dialled, "15552345678");
    assert.equal(limiter.activeCalls("provider"), 1, "held until the call ends");
  });

  it("refused before anything reaches a trunk: no permission, premium, international, unauthenticated", () => {
    const refused = (gate: GateResult, number: string, from: string, status: number) => {
      const { decide, admitted, limiter } = setup(gate);
      const d = decide(number, from);
      assert.equal(d.kind, "reply", `${from} → ${number}`);
      assert.equal(d.kind === "reply" && d.reply.status, status, `${from} → ${number}`);
      assert.equal(admitted.length, 0);
      assert.equal(limiter.activeCalls("provider"), 0);
    };
    refused({ ok: true, user: "103" }, "15552345678", "103", 403); // internal only
    refused({ ok: true, user: "100" }, "19005551234", "100", 403); // premium, even for international
    refused({ ok: true, user: "101" }, "011442071234567", "101", 403); // international for national
    refused({ ok: false, reply: { status: 407 } }, "15552345678", "100", 407); // the internet side
  });

  it("an internal-only extension reaches the emergency number through the trunk, limits or not", () => {
    const { decide, admitted, limiter } = setup({ ok: true, user: "103" }, { maxCalls: 1, callsPerHour: 1 });
    // The one channel and the hourly budget are used up by 100's call.
    const other = limiter.acquire([{ trunk: "provider", number: "15552345678" }], false);
    assert.ok(other.ok);
    assert.deepEqual(decide("911", "103"), { kind: "outbound", user: "103" });
    assert.equal(admitted[0]!.emergency, true);
    assert.equal(admitted[0]!.lease.number, "911");
    assert.equal(limiter.activeCalls("provider"), 2, "the emergency call is counted, never refused");
    // A second emergency call still goes out.
    assert.equal(decide("911", "103").kind, "outbound");
  });

  it("the per-trunk limits refuse ordinary calls: 503 when busy, 403 past the hourly brake", () => {
    const busy = setup({ ok: true, user: "100" });
    assert.equal(busy.decide("15552345678", "100").kind, "outbound");
    const d = busy.decide("15552345679", "100");
    assert.ok(d.kind === "reply" && d.reply.status === 503);
    const hourly = setup({ ok: true, user: "100" }, { maxCalls: 5, callsPerHour: 1 });
    hourly.decide("15552345678", "100");
    hourly.admitted[0]!.lease.release();
    const e = hourly.decide("15552345679", "100");
    assert.ok(e.kind === "reply" && e.reply.status === 403);
  });
});
