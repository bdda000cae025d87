// The smoke call of `npm run lab`, step by step, each reported on its own so a failure names the
// step and what was seen there. The desk phone gets its DHCP lease from the lab router (option 160),
// fetches its provisioning file from the appliance and registers with the credentials in it; the
// PSTN caller dials the DID at the provider; the IVR answers and the caller keys the option (or the
// DID rings the extension directly); the desk phone auto-answers; each side plays its own tone
// (caller 1 kHz, desk phone 440 Hz) and the recordings show each heard the other's.
import { join } from "node:path";
import type { Lab } from "../../schemas/index.ts";
import { dominantFrequency } from "./audio.ts";
import { waitForDhcpLease } from "./dhcp-client.ts";
import { exec } from "./lab.ts";
import { Phone, startDeskPhone } from "./phone.ts";
import { currentSettings } from "./run-dir.ts";
import { sleep } from "./sleep.ts";
import { describeSmokePlan, type SmokePlan } from "./smoke-plan.ts";
import { addressOf, interfaceOf } from "./topology.ts";
import { readWav } from "./wav.ts";

export type StepStatus = "ok" | "warn" | "fail";

export interface SmokeStep {
  readonly name: string;
  readonly status: StepStatus;
  readonly detail: string;
  readonly seconds: number;
}

export interface SmokeResult {
  readonly ok: boolean;
  readonly plan: string;
  readonly steps: readonly SmokeStep[];
  /** The first step that failed. */
  readonly failed?: SmokeStep;
}

export interface SmokeOptions {
  readonly lab: Lab;
  readonly plan: SmokePlan;
  /** The appliance's LAN address (registrar of the desk phone). */
  readonly appliance: string;
  /** The desk device's provisioning URLs (the stack's deskPhoneProvisioningUrls), if any. */
  readonly provisioningUrl?: string;
  /** The extension's password from the stack, used only when provisioning fails. */
  readonly extensionPassword: () => Promise<string | undefined>;
  readonly log?: (line: string) => void;
  /** Seconds of two-way audio before hanging up. */
  readonly talkSeconds?: number;
}

/** A failed step: carries what was seen. */
class StepFailure extends Error {}

const TONE = { caller: 1000, desk: 440 } as const;
const TOLERANCE_HZ = 15;

/** What a Cisco 3PCC phone puts in its User-Agent and in $PN; other vendors get a generic agent. */
function deskAgent(lab: Lab, deviceId: string, mac: string): { agent: string; productName: string } {
  const d = lab.devices.find((x) => x.id === deviceId);
  if (d?.type === "desk" && d.vendor === "cisco-mpp") {
    const pn = `CP-${d.model}-3PCC`;
    return { agent: `Cisco-${pn}/11.3.7 (${mac})`, productName: pn };
  }
  return { agent: `pibx-lab-desk-phone (${mac})`, productName: "pibx-lab" };
}

/** User id and password of line 1 in a Cisco 3PCC profile (XML). */
function ciscoLine1(xml: string): { user: string; password: string } | undefined {
  const field = (name: string) => new RegExp(`<${name}[^>]*>([^<]*)</${name}>`).exec(xml)?.[1];
  const user = field("User_ID_1_");
  const password = field("Password_1_");
  return user && password ? { user, password } : undefined;
}

/** The dominant frequency of the last `seconds` of a recording (what was heard once connected). */
function tailFrequency(path: string, seconds = 2): number | undefined {
  const wav = readWav(path);
  const duration = wav.samples.length / wav.sampleRate;
  return dominantFrequency(path, { skipSeconds: Math.max(0, duration - seconds - 0.3), seconds });
}

export async function smokeCall(o: SmokeOptions): Promise<SmokeResult> {
  const steps: SmokeStep[] = [];
  const log = o.log ?? (() => {});
  const plan = o.plan;
  const settings = currentSettings();
  const phones: Phone[] = [];
  const step = async (name: string, body: () => Promise<string | { warn: string }>): Promise<void> => {
    const started = Date.now();
    try {
      const r = await body();
      const warn = typeof r !== "string";
      const s: SmokeStep = {
        name,
        status: warn ? "warn" : "ok",
        detail: warn ? r.warn : r,
        seconds: (Date.now() - started) / 1000,
      };
      steps.push(s);
      log(`${(warn ? "warn" : "ok").padEnd(4)} ${name}: ${s.detail}`);
    } catch (e) {
      // One line: a LabError's detail (a log or an event list) stays out of the report.
      const detail = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
      const s: SmokeStep = { name, status: "fail", detail, seconds: (Date.now() - started) / 1000 };
      steps.push(s);
      log(`FAIL ${name}: ${detail}`);
      throw new StepFailure(detail);
    }
  };
  const mac = plan.deskDevice.mac.toLowerCase();
  const macHex = mac.replaceAll(":", "");
  let credentials: { user: string; password: string } | undefined;
  let option160 = "";
  let desk: Phone | undefined;
  let caller: Phone | undefined;
  try {
    await step("desk phone: DHCP lease with option 160", async () => {
      const lease = await waitForDhcpLease(60_000);
      if (!lease) throw new Error("no lease within 60 s (is the lab router's dnsmasq running?)");
      if (!lease.provisioningUrl) throw new Error(`lease ${lease.address} carries no option 160`);
      // The lab gives the box a random MAC: the phone the lab declares has this one.
      const set = await exec("desk-phone", [
        "ip",
        "link",
        "set",
        "dev",
        interfaceOf("desk-phone", "lab-lan"),
        "address",
        mac,
      ]);
      if (set.code !== 0) throw new Error(`cannot set the MAC ${mac}: ${set.stderr.trim()}`);
      option160 = lease.provisioningUrl;
      return `${lease.address}, option 160 ${lease.provisioningUrl}`;
    });
    await step("desk phone: provisioning file from the appliance", async () => {
      const { agent, productName } = deskAgent(o.lab, plan.deskDevice.id, macHex);
      // The URL the stack names for the device, else option 160 expanded as the phone does.
      const url = o.provisioningUrl ?? option160.replace("$PN", productName).replace("$MA", macHex);
      const r = await exec(
        "desk-phone",
        ["curl", "-sS", "--fail-with-body", "--max-time", "5", "-A", agent, url],
        {
          timeoutMs: 8000,
        },
      );
      const parsed = r.code === 0 ? ciscoLine1(r.stdout) : undefined;
      if (parsed) {
        credentials = parsed;
        return `${url}: line 1 is ${parsed.user}`;
      }
      // Not served: say why, and go on with the extension's password from the stack so the rest
      // of the chain is still checked.
      const why = r.code === 0 ? "no line 1 credentials in it" : (r.stdout || r.stderr).trim().split("\n")[0];
      const password = await o.extensionPassword();
      if (!password) throw new Error(`${url}: ${why}; and no password for ${plan.extension} in the stack`);
      credentials = { user: plan.extension, password };
      return { warn: `${url}: ${why}; registering with the stack's password of ${plan.extension} instead` };
    });
    await step(`desk phone: registered as ${plan.extension} at ${o.appliance}`, async () => {
      if (credentials!.user !== plan.extension)
        throw new Error(`the file provisions line 1 as ${credentials!.user}, not ${plan.extension}`);
      await startDeskPhone({
        account: { username: credentials!.user, password: credentials!.password },
        registrar: o.appliance,
        audio: settings.lteAudio ?? "",
        autoAnswer: true,
      });
      desk = await Phone.connect("desk-phone");
      phones.push(desk);
      await desk.waitRegistered(15_000);
      return "registered";
    });
    caller = await Phone.connect("pstn");
    phones.push(caller);
    const callerMark = caller.mark();
    const deskMark = desk!.mark();
    const closedBefore = async (what: string, ms: number, phone: Phone, mark: number, type: string) => {
      const closed = caller!.waitFor("CALL_CLOSED", ms, callerMark).then((e) => {
        throw new Error(`${what}: the caller's call ended (${e.param ?? "no reason"})`);
      });
      try {
        return await Promise.race([phone.waitFor(type, ms, mark), closed]);
      } catch (e) {
        if (e instanceof Error && e.message.startsWith(what)) throw e;
        throw new Error(`${what}: nothing within ${ms / 1000} s`);
      } finally {
        closed.catch(() => {});
      }
    };
    const did = `sip:${plan.did}@${addressOf("provider")}`;
    if (plan.route.kind === "ivr") {
      const route = plan.route;
      await step(`caller dials ${plan.did}: IVR ${route.menu} answers`, async () => {
        await caller!.dial(did);
        await closedBefore("the IVR did not answer", 20_000, caller!, callerMark, "CALL_ESTABLISHED");
        return `answered (${did})`;
      });
      await step(`caller keys "${route.digits}": extension ${plan.extension} rings and answers`, async () => {
        // Let the greeting start: digits during the first packets could be lost to latching.
        await sleep(1500);
        await caller!.sendDtmf(route.digits);
        const e = await closedBefore(
          `no call reached the desk phone after "${route.digits}"`,
          20_000,
          desk!,
          deskMark,
          "CALL_ESTABLISHED",
        );
        return `desk phone answered the call from ${e.peeruri ?? "?"}`;
      });
    } else {
      await step(`caller dials ${plan.did}: extension ${plan.extension} rings and answers`, async () => {
        await caller!.dial(did);
        const e = await closedBefore(
          "the desk phone did not answer",
          20_000,
          desk!,
          deskMark,
          "CALL_ESTABLISHED",
        );
        await caller!.waitFor("CALL_ESTABLISHED", 10_000, callerMark);
        return `desk phone answered the call from ${e.peeruri ?? "?"}`;
      });
    }
    await step("call held, then hung up by the caller", async () => {
      await sleep((o.talkSeconds ?? 4) * 1000);
      const ended = caller!.ctrl.events.slice(callerMark).find((e) => e.type === "CALL_CLOSED");
      if (ended) throw new Error(`the call ended by itself (${ended.param ?? "no reason"})`);
      await caller!.hangup();
      await caller!.waitFor("CALL_CLOSED", 10_000, callerMark).catch(() => {
        throw new Error("the caller's call did not end within 10 s of hanging up");
      });
      await desk!.waitFor("CALL_CLOSED", 10_000, deskMark).catch(() => {
        throw new Error(
          "the desk phone's call did not end within 10 s of the caller hanging up (no BYE reached it)",
        );
      });
      // sndfile closes its files when the call's audio stops.
      await sleep(300);
      return `${o.talkSeconds ?? 4} s connected`;
    });
    await step(`audio caller → desk phone: ${TONE.caller} Hz`, async () => {
      const f = tailFrequency(desk!.lastHeard());
      if (f === undefined || Math.abs(f - TONE.caller) > TOLERANCE_HZ)
        throw new Error(
          `the desk phone heard ${f === undefined ? "silence" : `${f} Hz`} (${desk!.lastHeard()})`,
        );
      return `heard ${f} Hz`;
    });
    await step(`audio desk phone → caller: ${TONE.desk} Hz`, async () => {
      const f = tailFrequency(caller!.lastHeard());
      if (f === undefined || Math.abs(f - TONE.desk) > TOLERANCE_HZ)
        throw new Error(
          `the caller heard ${f === undefined ? "silence" : `${f} Hz`} (${caller!.lastHeard()})`,
        );
      return `heard ${f} Hz`;
    });
  } catch (e) {
    if (!(e instanceof StepFailure)) {
      const detail = e instanceof Error ? e.message : String(e);
      steps.push({ name: "smoke call", status: "fail", detail, seconds: 0 });
    }
  } finally {
    await caller?.hangup().catch(() => {});
    for (const p of phones) p.close();
  }
  const failed = steps.find((s) => s.status === "fail");
  return { ok: !failed, plan: describeSmokePlan(plan), steps, ...(failed ? { failed } : {}) };
}

/** Where the recordings of the smoke call are. */
export function recordingsDir(runDir: string): string {
  return join(runDir, "desk-phone", "baresip", "recordings");
}
