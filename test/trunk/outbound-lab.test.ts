// Outbound calls through the SIP trunk, end to end in the virtual lab (test/lab), under the lab
// lock, the lab down in `finally`. The bundled appliance runs in the pi box from the config
// planned from examples/virtual-lab/lab.yaml (a 20-port RTP range, so the home router's UPnP
// forwards cover it; the trunk also carries premium and international patterns, so those are
// refused by the dial plan's rules rather than for want of a route; one call per hour, the fraud
// brake); the lab router is converged by the Linux backend (its DNAT forwards) and the home
// router's forwards opened over UPnP, as `pulumi up` would (lab-appliance.ts). Then:
//  (a) extension 100 (international, the desk phone on the lab LAN) calls the pstn phone through
//      the trunk: the provider's 407 answered with the trunk's credentials, audio both ways
//      through both NATs (each recording's dominant frequency is the other phone's tone);
//  (b) refused, and the provider receives no INVITE for any of them (tshark on the provider):
//      a premium number from 100, 100 again past the hourly brake, an international number from
//      101 (national; the lte-phone registered through the forwards), 103 (internal only) to a
//      pstn number, and an unauthenticated INVITE from the internet for a pstn number;
//  (c) 103 (internal only) still reaches 911 through the trunk, the hourly brake notwithstanding;
//  (d) the lte-phone, registered to the appliance from the internet side through both NATs,
//      calls extension 103 on the lab LAN: audio both ways;
//  (e) the pstn phone dials the DID (routed to extension 103 here): the provider's leg is answered
//      with the public address, the desk phone's with the LAN one: audio both ways.
// Every wait is bounded.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { planApplianceConfig } from "../../infra/plan/appliance-config.ts";
import { type Lab, requireLab } from "../../schemas/index.ts";
import {
  addressOf,
  type Capture,
  capture,
  DEFAULT_RUN_DIR,
  interfaceOf,
  Phone,
  sendUdp,
} from "../lab/index.ts";
import {
  buildApplianceBundle,
  LAB_FILE,
  type LabAppliance,
  labTestSecrets,
  seededProvisioningSecrets,
  startLabAppliance,
  until,
} from "./lab-appliance.ts";
import { assertHeard, deskPhoneAs, ltePhoneAs, PUBLIC_ADDRESS } from "./lab-phones.ts";

const isRoot = process.getuid?.() === 0;
const PUBLIC = PUBLIC_ADDRESS;
const PSTN = "15550199";
const PREMIUM = "19005551234";
const INTERNATIONAL = "011442071234567";
const DESK_HZ = 700;
const PSTN_HZ = 1000;
const LTE_HZ = 440;

const base = requireLab(LAB_FILE);
// 20 RTP ports: the home router's UPnP forwards are one mapping per port.
const lab: Lab = { ...base, appliance: { ...base.appliance, rtp: { min: 10000, max: 10019 } } };
const TRUNK = lab.trunks[0]!;
const DID = TRUNK.dids[0]!.number;
const SECRETS = labTestSecrets(lab, "out");
const password = (ext: string): string =>
  SECRETS[lab.extensions.find((e) => e.number === ext)!.password.secret]!;
const PROVISIONING = seededProvisioningSecrets(lab, 11);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const kamailioLog = () => readFileSync(join(DEFAULT_RUN_DIR, "provider", "kamailio.log"), "utf8");
/** Kamailio's routing log line for a call our trunk account placed to `number`. */
const providerRouted = (number: string) =>
  kamailioLog()
    .split("\n")
    .filter((l) => new RegExp(`provider: ${TRUNK.username} calls (user|PSTN number) ${number} `).test(l));

/** Dials and waits for the call to end by itself (a refusal); returns its CALL_CLOSED reason. */
async function refusedCall(phone: Phone, uri: string): Promise<string> {
  const mark = phone.mark();
  await phone.dial(uri);
  const closed = await phone.waitFor("CALL_CLOSED", 15_000, mark);
  assert.ok(!phone.ctrl.events.slice(mark).some((e) => e.type === "CALL_ESTABLISHED"), `${uri} was answered`);
  return closed.param ?? "";
}

describe("outbound calls through the trunk, in the virtual lab", { skip: !isRoot && "needs root" }, () => {
  let env: LabAppliance | undefined;
  const phones: Phone[] = [];
  const config = planApplianceConfig(lab, {
    secrets: SECRETS,
    provisioning: { secrets: PROVISIONING, year: 2026 },
  });
  config.trunks = [
    {
      ...config.trunks[0]!,
      outbound: {
        ...config.trunks[0]!.outbound,
        // Premium and international numbers match a pattern: the class rules refuse them.
        patterns: [...config.trunks[0]!.outbound.patterns, "1NXXNXXXXXX", "011."],
      },
      // The fraud brake: one ordinary call per hour; emergency calls are never refused.
      limits: { maxCalls: 2, callsPerHour: 1 },
      // (e): the DID rings extension 103 straight away.
      dids: [{ number: DID, destination: { extension: "103" } }],
    },
  ];
  const app = () => {
    if (!env) throw new Error("the lab is not up");
    return env.app();
  };

  before(async () => {
    buildApplianceBundle();
    // SIP and every RTP port forwarded to the lab router (whose DNAT forwards reach the pi).
    env = await startLabAppliance({
      lab,
      config,
      trunk: { username: TRUNK.username, password: SECRETS.trunkPassword! },
      dids: [DID],
      pstn: { username: PSTN, password: "out-pstn-password" },
    });
  });

  after(async () => {
    for (const p of phones) {
      await p.hangup().catch(() => {});
      p.close();
    }
    await env?.close();
  });

  let desk: Phone | undefined;
  let deskExt: string | undefined;
  let pstn: Phone | undefined;
  let lte: Phone | undefined;

  /** The desk phone on the lab LAN registered as `ext`, playing DESK_HZ (restarted if another). */
  async function deskAs(ext: string): Promise<Phone> {
    if (desk && deskExt === ext) return desk;
    desk?.close();
    const p = await deskPhoneAs({ ext, password: password(ext), hz: DESK_HZ });
    phones.push(p);
    desk = p;
    deskExt = ext;
    return p;
  }

  /** The lte-phone registered to the appliance through the forwards as 101 (national only). */
  async function lteAs101(): Promise<Phone> {
    if (lte) return lte;
    lte = await ltePhoneAs({ ext: "101", password: password("101"), hz: LTE_HZ });
    phones.push(lte);
    return lte;
  }

  async function pstnPhone(): Promise<Phone> {
    if (pstn) return pstn;
    pstn = await Phone.connect("pstn");
    phones.push(pstn);
    return pstn;
  }

  it("(a) an extension with the permission calls the pstn through the trunk: audio both ways", async (t) => {
    await until("trunk registered", 40_000, () =>
      app().logs().includes('"msg":"trunk registered"') ? true : undefined,
    );
    const desk = await deskAs("100");
    const pstn = await pstnPhone();
    const dm = desk.mark();
    const pm = pstn.mark();
    const t0 = Date.now();
    await desk.dial(`sip:${PSTN}@172.16.0.10`);
    // The pstn phone answers by itself once the provider routed the trunk's INVITE to it.
    const answered = await pstn.waitFor("CALL_ESTABLISHED", 20_000, pm);
    // The provider shows the trunk's caller ID (From: 15550123).
    assert.match(answered.peeruri ?? "", new RegExp(`sip:${TRUNK.outbound.callerId?.number}@`));
    await desk.waitFor("CALL_ESTABLISHED", 10_000, dm);
    const setup = Date.now() - t0;
    await sleep(3000);
    await desk.hangup();
    await desk.waitFor("CALL_CLOSED", 10_000, dm);
    await pstn.waitFor("CALL_CLOSED", 10_000, pm);
    await sleep(300);
    const heardByDesk = assertHeard(desk, PSTN_HZ, "the desk phone");
    const heardByPstn = assertHeard(pstn, DESK_HZ, "the pstn phone");
    // Authenticated at the provider (its routing runs after the digest check) as the trunk account.
    assert.equal(providerRouted(PSTN).length, 1);
    assert.ok(!app().logs().includes(SECRETS.trunkPassword!), "the trunk password is in the log");
    t.diagnostic(`answered in ${setup} ms; desk heard ${heardByDesk} Hz, pstn heard ${heardByPstn} Hz`);
  });

  it("(b) refused before the provider sees anything: premium, past the brake, international, no permission, unauthenticated", async (t) => {
    const invites: Capture = capture(
      "provider",
      interfaceOf("provider"),
      `udp port 5060 and src host ${PUBLIC}`,
      {
        seconds: 90,
        fields: ["ip.src", "sip.Method", "sip.r-uri"],
      },
    );
    await invites.ready;
    const results: string[] = [];
    const d100 = await deskAs("100");
    // Premium-rate: refused even for an international extension.
    results.push(`premium: ${await refusedCall(d100, `sip:${PREMIUM}@172.16.0.10`)}`);
    assert.match(results.at(-1)!, /: 403 Premium-rate/);
    // The hourly brake (callsPerHour 1, used by (a)).
    results.push(`brake: ${await refusedCall(d100, `sip:${PSTN}@172.16.0.10`)}`);
    assert.match(results.at(-1)!, /: 403 Hourly call limit/);
    const lte = await lteAs101();
    results.push(`international: ${await refusedCall(lte, `sip:${INTERNATIONAL}@${PUBLIC}`)}`);
    assert.match(results.at(-1)!, /: 403 International calls not permitted/);
    // The desk phone again, as 103 (internal only).
    const d103 = await deskAs("103");
    results.push(`internal-only: ${await refusedCall(d103, `sip:${PSTN}@172.16.0.10`)}`);
    assert.match(results.at(-1)!, /: 403 National calls not permitted/);
    // An unauthenticated INVITE from the internet for a pstn number: challenged, never routed.
    const answers = capture("pstn", interfaceOf("pstn"), "udp port 5098", {
      seconds: 15,
      fields: ["ip.src", "sip.Status-Code"],
    });
    await answers.ready;
    const raw = [
      `INVITE sip:${PSTN}@${PUBLIC} SIP/2.0`,
      `Via: SIP/2.0/UDP ${addressOf("pstn")}:5098;branch=z9hG4bKpxtfraud1`,
      "Max-Forwards: 70",
      `From: <sip:100@${PUBLIC}>;tag=fraud1`,
      `To: <sip:${PSTN}@${PUBLIC}>`,
      "Call-ID: pxt-toll-fraud-1",
      "CSeq: 1 INVITE",
      `Contact: <sip:100@${addressOf("pstn")}:5098>`,
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n");
    await sendUdp("pstn", PUBLIC, 5060, raw, 1);
    // The challenge comes at once (the policy decides before any dialog exists).
    await sleep(2000);
    answers.stop();
    const statuses = (await answers.packets).map((p) => p["sip.Status-Code"] ?? "").filter((c) => c);
    results.push(`unauthenticated: ${statuses.join(",")}`);
    const final = statuses.filter((c) => Number(c) >= 200);
    assert.ok(final.length > 0 && final.every((c) => c === "401" || c === "407"), results.at(-1));
    await sleep(1000);
    invites.stop();
    const packets = await invites.packets;
    const sent = packets.filter((p) => p["sip.Method"] === "INVITE");
    assert.deepEqual(sent, [], "the provider received an INVITE from the appliance");
    for (const n of [PREMIUM, INTERNATIONAL]) assert.deepEqual(providerRouted(n), []);
    assert.equal(providerRouted(PSTN).length, 1, "only (a)'s call was routed");
    t.diagnostic(results.join("; "));
  });

  it("(c) an internal-only extension reaches the emergency number through the trunk, past the brake", async (t) => {
    const desk = await deskAs("103");
    const pstn = await pstnPhone();
    const dm = desk.mark();
    const pm = pstn.mark();
    await desk.dial("sip:911@172.16.0.10");
    // The lab's provider routes every number it does not know to the pstn phone.
    await pstn.waitFor("CALL_ESTABLISHED", 20_000, pm);
    await desk.waitFor("CALL_ESTABLISHED", 10_000, dm);
    await sleep(2000);
    await desk.hangup();
    await desk.waitFor("CALL_CLOSED", 10_000, dm);
    await pstn.waitFor("CALL_CLOSED", 10_000, pm);
    await sleep(300);
    assert.equal(providerRouted("911").length, 1, "Kamailio routed 911 from the trunk account");
    const heard = assertHeard(pstn, DESK_HZ, "the pstn phone (the emergency line)");
    t.diagnostic(`911 answered; the far end heard ${heard} Hz`);
  });

  it("(d) the lte-phone, registered through both NATs, calls an inside extension with audio", async (t) => {
    const desk = await deskAs("103");
    const lte = await lteAs101();
    const dm = desk.mark();
    const lm = lte.mark();
    await lte.dial(`sip:103@${PUBLIC}`);
    await desk.waitFor("CALL_ESTABLISHED", 20_000, dm);
    await lte.waitFor("CALL_ESTABLISHED", 10_000, lm);
    // Past the 2xx retransmission window: the ACK reached our public Contact through the forwards.
    await sleep(5000);
    assert.ok(!lte.ctrl.events.slice(lm).some((e) => e.type === "CALL_CLOSED"), "the call dropped");
    await lte.hangup();
    await lte.waitFor("CALL_CLOSED", 10_000, lm);
    await desk.waitFor("CALL_CLOSED", 10_000, dm);
    await sleep(300);
    const heardByDesk = assertHeard(desk, LTE_HZ, "the desk phone");
    const heardByLte = assertHeard(lte, DESK_HZ, "the lte-phone");
    t.diagnostic(`desk heard ${heardByDesk} Hz, lte-phone heard ${heardByLte} Hz`);
  });

  it("(e) a call from the trunk to an extension: answered with the public address, audio both ways", async (t) => {
    const desk = await deskAs("103");
    const pstn = await pstnPhone();
    const dm = desk.mark();
    const pm = pstn.mark();
    await pstn.dial(`sip:${DID}@${addressOf("provider")}`);
    await desk.waitFor("CALL_ESTABLISHED", 20_000, dm);
    await pstn.waitFor("CALL_ESTABLISHED", 10_000, pm);
    await sleep(5000);
    assert.ok(!pstn.ctrl.events.slice(pm).some((e) => e.type === "CALL_CLOSED"), "the call dropped");
    await pstn.hangup();
    await pstn.waitFor("CALL_CLOSED", 10_000, pm);
    await desk.waitFor("CALL_CLOSED", 10_000, dm);
    await sleep(300);
    const heardByDesk = assertHeard(desk, PSTN_HZ, "the desk phone");
    const heardByPstn = assertHeard(pstn, DESK_HZ, "the pstn phone");
    t.diagnostic(`desk heard ${heardByDesk} Hz, pstn heard ${heardByPstn} Hz`);
  });
});
