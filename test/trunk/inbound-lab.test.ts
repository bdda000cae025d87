// Inbound DIDs end to end in the virtual lab, under the lab lock, the lab down in `finally`: the
// bundled appliance in the pi box, the lab router converged and the home router's forwards open as
// `pulumi up` would (lab-appliance.ts), from a test-only copy of examples/virtual-lab/lab.yaml with
// a second DID routed to the ring group `everyone`, made sequential with 5 s per member.
//  (a) the pstn phone dials the example's DID (→ the IVR `main`): the IVR answers through both
//      NATs, the caller presses "1", "3" (RFC 4733 telephone-events), extension 100 (the desk
//      phone on the lab LAN, registered with the profile it fetched from its option-160 URL)
//      rings, answers, and each side's recording is the other's tone; the greeting reached the
//      caller before that;
//  (b) the pstn phone dials the second DID: 100 rings, then 101 (the lte-phone, through the
//      forwards), nobody answers, 102 has no phone, and the call falls through to the group's
//      onNoAnswer, voicemail 100: the box answers the caller, who leaves a message (its tone),
//      saved in the box in the appliance's state directory;
//  (c) that message makes the appliance send the box owner's phone, 100, a message-summary NOTIFY
//      (RFC 3842 §5.2: one new message), captured with tshark in the desk phone's box.
// Measured times (IVR answer, DTMF to ringing, each member's turn, NOTIFY after the deposit) and the
// tones heard are reported as test diagnostics. Every wait is bounded.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { planApplianceConfig } from "../../infra/plan/appliance-config.ts";
import { type Lab, requireLab } from "../../schemas/index.ts";
import {
  addressOf,
  type Capture,
  capture,
  dominantFrequency,
  interfaceOf,
  type Packet,
  Phone,
  readWav,
  rmsOf,
} from "../lab/index.ts";
import { sleep } from "../lab/sleep.ts";
import {
  buildApplianceBundle,
  LAB_FILE,
  type LabAppliance,
  labTestSecrets,
  seededProvisioningSecrets,
  startLabAppliance,
} from "./lab-appliance.ts";
import { assertTone, ltePhoneAs, provisionedDeskPhone, secondsOf, toneTimeline } from "./lab-phones.ts";

const isRoot = process.getuid?.() === 0;
const PSTN = "15550100";
const DESK_HZ = 700;
const LTE_HZ = 440;
const PSTN_HZ = 1000; // the lab's pstn phone plays 1 kHz
const GROUP_DID = "15550124";
const RING_SECONDS = 5;

const base = requireLab(LAB_FILE);
const trunk = base.trunks[0]!;
const IVR_DID = trunk.dids[0]!.number;
const group = base.ringGroups.find((g) => g.name === "everyone")!;
/** Test-only: 20 RTP ports (one UPnP mapping each), a DID for the group, the group sequential. */
const lab: Lab = {
  ...base,
  appliance: { ...base.appliance, rtp: { min: 10000, max: 10019 } },
  ringGroups: base.ringGroups.map((g) =>
    g === group ? { ...g, strategy: "sequential", ringTimeout: RING_SECONDS } : g,
  ),
  trunks: [
    { ...trunk, dids: [...trunk.dids, { number: GROUP_DID, destination: { ringGroup: group.name } }] },
    ...base.trunks.slice(1),
  ],
};
const SECRETS = labTestSecrets(lab, "in");
const password = (ext: string): string =>
  SECRETS[lab.extensions.find((e) => e.number === ext)!.password.secret]!;

/** The loudness of a recording between two offsets (seconds). */
function rmsBetween(path: string, from: number, to: number): number {
  const w = readWav(path);
  return rmsOf(w.samples.subarray(Math.round(from * w.sampleRate), Math.round(to * w.sampleRate)));
}

/** Seconds from a recording's start to the first `step` window whose tone is one of `tones` (±15 Hz). */
function secondsBefore(path: string, tones: readonly number[], step = 0.25): number {
  const total = secondsOf(path);
  for (let s = 0; s + step <= total; s += step) {
    const f = dominantFrequency(path, { skipSeconds: s, seconds: step });
    if (f !== undefined && tones.some((t) => Math.abs(f - t) <= 15)) return s;
  }
  return total;
}

/** The dominant frequency of a recording's last seconds (less the final half second). */
function tailFrequency(path: string, seconds = 1.5): number | undefined {
  return dominantFrequency(path, { skipSeconds: Math.max(0, secondsOf(path) - seconds - 0.5), seconds });
}

const rang = (p: Phone, from: number) => p.ctrl.events.slice(from).some((e) => e.type === "CALL_INCOMING");

describe("inbound DIDs through both NATs: the IVR, a ring group, voicemail", {
  skip: !isRoot && "needs root",
}, () => {
  let env: LabAppliance | undefined;
  let pstn: Phone | undefined;
  let desk: Phone | undefined;
  let lte: Phone | undefined;
  const config = planApplianceConfig(lab, {
    secrets: SECRETS,
    provisioning: { secrets: seededProvisioningSecrets(lab, 23), year: 2026 },
  });
  /** The desk phone's SIP traffic from (b) on, for (c)'s NOTIFY. */
  let deskSip: Capture | undefined;
  let savedLine: string | undefined;

  before(async () => {
    buildApplianceBundle();
    env = await startLabAppliance({
      lab,
      config,
      trunk: { username: trunk.username, password: SECRETS.trunkPassword! },
      dids: [IVR_DID, GROUP_DID],
      pstn: { username: PSTN, password: "in-pstn-password" },
    });
    await env.waitForLog(/"msg":"trunk registered"/, 40_000);
    // The prompts are spoken (espeak-ng) only after the trunk registered: a call before "appliance
    // ready" finds the IVR's greeting missing, and the IVR skips it.
    await env.waitForLog(/"msg":"appliance ready"/, 30_000);
    // The desk phone rings until told to answer: (a) answers by hand, (b) never does.
    const provisioned = await provisionedDeskPhone(lab, { hz: DESK_HZ, autoAnswer: false });
    assert.equal(provisioned.ext, "100", "the desk phone's profile is extension 100's");
    desk = provisioned.phone;
    pstn = await Phone.connect("pstn");
  });

  after(async () => {
    if (process.env.PIBX_TEST_LOG && env) console.log(env.appliance.logs().slice(-6000));
    deskSip?.stop();
    for (const p of [pstn, desk, lte]) {
      await p?.hangup().catch(() => {});
      p?.close();
    }
    await env?.close();
  });

  it('(a) the DID reaches the IVR, "13" rings extension 100, audio both ways', async (t) => {
    const [caller, callee] = [pstn!, desk!];
    const log = env!.app().logs().length;
    const [pm, dm] = [caller.mark(), callee.mark()];
    const t0 = Date.now();
    await caller.dial(`sip:${IVR_DID}@${addressOf("provider")}`);
    await caller.waitFor("CALL_ESTABLISHED", 15_000, pm);
    const ivrAnswerMs = Date.now() - t0;
    await sleep(1500); // into the greeting: the IVR takes digits while it speaks
    await caller.sendDtmf("1", 300);
    const t3 = Date.now();
    await caller.sendDtmf("3", 0);
    await callee.waitFor("CALL_INCOMING", 10_000, dm);
    const dtmfToRingMs = Date.now() - t3;
    const routed = await env!.waitForLog(/"msg":"IVR routed"/, 2000, log);
    assert.match(routed, /"destination":"extension:100"/);
    await sleep(1500); // the caller hears ringback meanwhile
    await callee.answer();
    await callee.waitFor("CALL_ESTABLISHED", 5000, dm);
    await sleep(4000);
    assert.ok(!caller.ctrl.events.slice(pm).some((e) => e.type === "CALL_CLOSED"), "the call dropped");
    await caller.hangup();
    await caller.waitFor("CALL_CLOSED", 10_000, pm);
    await callee.waitFor("CALL_CLOSED", 10_000, dm);
    await sleep(300); // baresip completes its recordings when the call ends
    const heardByCaller = caller.lastHeard();
    // The greeting (espeak-ng's voice) reached the caller through both NATs: the recording starts
    // with over a second of something loud that is neither the ringback (440 + 480 Hz, the North
    // American ringing tone) nor the desk phone's tone.
    assert.doesNotMatch(
      env!.app().logs().slice(log),
      /"msg":"prompt missing/,
      "the IVR had no greeting to play",
    );
    const greetingSeconds = secondsBefore(heardByCaller, [440, 480, DESK_HZ]);
    assert.ok(
      greetingSeconds >= 1,
      `the caller heard ${greetingSeconds} s before the ringback, not the greeting`,
    );
    const greeting = rmsBetween(heardByCaller, 0, greetingSeconds);
    assert.ok(
      greeting > 0.02,
      `the caller's first ${greetingSeconds} s are silent (RMS ${greeting.toFixed(4)})`,
    );
    // The IVR sends nothing while it waits for digits: the bridged audio is the recording's tail.
    const callerHeard = tailFrequency(heardByCaller);
    assert.ok(
      callerHeard !== undefined && Math.abs(callerHeard - DESK_HZ) <= 15,
      `the caller heard ${callerHeard} Hz at the end, expected the desk phone's ${DESK_HZ}`,
    );
    const deskHeard = assertTone(callee.lastHeard(), PSTN_HZ, "the desk phone");
    t.diagnostic(
      `IVR answered ${ivrAnswerMs} ms after dialling; "3" → 100 ringing in ${dtmfToRingMs} ms; ` +
        `greeting ${greetingSeconds} s (RMS ${greeting.toFixed(3)}) before the ringback; caller heard ${callerHeard} Hz, desk heard ${deskHeard} Hz; ` +
        `caller's recording (0.5 s windows): ${toneTimeline(heardByCaller)}`,
    );
  });

  it("(b) the group's DID rings 100, then 101, then falls through to voicemail 100: a message is saved", async (t) => {
    const caller = pstn!;
    const owner = desk!;
    lte = await ltePhoneAs({ ext: "101", password: password("101"), hz: LTE_HZ, autoAnswer: false });
    deskSip = capture("desk-phone", interfaceOf("desk-phone", "lab-lan"), "udp port 5060", {
      seconds: 120,
      fields: [
        "frame.time_epoch",
        "ip.src",
        "sip.Method",
        "sip.Status-Code",
        "sip.CSeq.method",
        "sip.Event",
        "udp.payload",
      ],
    });
    await deskSip.ready;
    const log = env!.app().logs().length;
    const [pm, dm, lm] = [caller.mark(), owner.mark(), lte.mark()];
    const t0 = Date.now();
    await caller.dial(`sip:${GROUP_DID}@${addressOf("provider")}`);
    await owner.waitFor("CALL_INCOMING", 15_000, dm);
    const firstRingMs = Date.now() - t0;
    await sleep(2000);
    assert.equal(rang(lte, lm), false, "101 rang during 100's turn");
    await owner.waitFor("CALL_CLOSED", (RING_SECONDS + 3) * 1000, dm); // 100's turn is over
    const t100 = Date.now() - t0;
    await lte.waitFor("CALL_INCOMING", 5000, lm);
    const t101 = Date.now() - t0;
    await lte.waitFor("CALL_CLOSED", (RING_SECONDS + 3) * 1000, lm);
    // 102 has no phone (no contact, RFC 3261 §21.4.18 480): on to the group's onNoAnswer.
    await caller.waitFor("CALL_ESTABLISHED", 10_000, pm);
    const tBox = Date.now() - t0;
    assert.equal(
      owner.ctrl.events.slice(dm).filter((e) => e.type === "CALL_INCOMING").length,
      1,
      "100 rang again",
    );
    // "Operator is not available. Please leave a message.", the beep, then the caller's tone.
    await sleep(12_000);
    await caller.hangup();
    await caller.waitFor("CALL_CLOSED", 10_000, pm);
    savedLine = await env!.waitForLog(/"msg":"voicemail deposit".*"outcome":"saved"/, 15_000, log);
    const saved = JSON.parse(savedLine) as { box: string; caller: string; durationMs: number };
    assert.equal(saved.box, "100");
    assert.equal(saved.caller, PSTN);
    // The box in the state directory: the message's audio is the caller's tone.
    const boxDir = join(env!.appliance.stateDir, "voicemail", "100");
    const metas = readdirSync(boxDir).filter((f) => /^[^.].*\.json$/.test(f));
    assert.equal(metas.length, 1, `messages in ${boxDir}: ${readdirSync(boxDir).join(", ")}`);
    const meta = JSON.parse(readFileSync(join(boxDir, metas[0]!), "utf8")) as {
      id: string;
      caller: { number?: string };
    };
    assert.equal(meta.caller.number, PSTN);
    const message = assertTone(join(boxDir, `${meta.id}.wav`), PSTN_HZ, "the message");
    // Each member's unanswered attempt, then the box (the CDRs of the call's attempts).
    const cdr = readFileSync(join(env!.appliance.stateDir, "cdr.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { outcome: string; forwardedTo?: string });
    const attempts = cdr.slice(-3).map((r) => `${r.outcome}→${r.forwardedTo ?? ""}`);
    assert.equal(attempts.at(-1), "no-answer→voicemail:100", `CDRs: ${attempts.join(", ")}`);
    t.diagnostic(
      `100 rang ${firstRingMs} ms after dialling, its turn ended at ${t100} ms, 101 rang at ${t101} ms, ` +
        `the box answered at ${tBox} ms; message ${saved.durationMs} ms of ${message} Hz; CDRs: ${attempts.join(", ")}; ` +
        `caller's recording: ${toneTimeline(caller.lastHeard())}`,
    );
  });

  it("(c) the box owner's desk phone receives the message-summary NOTIFY for the new message", async (t) => {
    assert.ok(deskSip && savedLine, "(b) left no message");
    await sleep(3000);
    deskSip.stop();
    const packets: Packet[] = await deskSip.packets;
    const text = (p: Packet) => Buffer.from(p["udp.payload"] ?? "", "hex").toString("latin1");
    const notifies = packets.filter(
      (p) => p["sip.Method"] === "NOTIFY" && /message-summary/i.test(p["sip.Event"] ?? ""),
    );
    assert.ok(notifies.length > 0, `no message-summary NOTIFY among ${packets.length} SIP packets`);
    const last = notifies.at(-1)!;
    const body = text(last);
    assert.equal(last["ip.src"], "172.16.0.10", "the NOTIFY came from the appliance");
    assert.match(body, /Content-Type:\s*application\/simple-message-summary/i);
    assert.match(body, /Messages-Waiting:\s*yes/i);
    assert.match(body, /Voice-Message:\s*1\/0/, "one new message, none old (RFC 3842 §5.2)");
    const answer = packets.find(
      (p) =>
        p["sip.CSeq.method"] === "NOTIFY" &&
        p["sip.Status-Code"] !== "" &&
        Number(p["frame.time_epoch"]) >= Number(last["frame.time_epoch"]),
    );
    const savedAt = Date.parse((JSON.parse(savedLine) as { time: string }).time);
    const delay = Math.round(Number(last["frame.time_epoch"]) * 1000 - savedAt);
    t.diagnostic(
      `${notifies.length} NOTIFY, the last ${delay} ms after "saved": ` +
        `${body.split("\r\n\r\n")[1]?.replaceAll("\r\n", " | ")}; the phone answered ${answer?.["sip.Status-Code"] ?? "nothing"}`,
    );
  });
});
