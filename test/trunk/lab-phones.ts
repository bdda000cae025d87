// The lab's phones registered to the appliance as its extensions, each playing its own tone, and
// the check that what a phone recorded is the other side's tone (what crossed both NATs).
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Lab } from "../../schemas/index.ts";
import {
  DEFAULT_RUN_DIR,
  dominantFrequency,
  exec,
  generateTone,
  interfaceOf,
  isSilent,
  Phone,
  readWav,
  startDeskPhone,
  startPhone,
  waitForDhcpLease,
} from "../lab/index.ts";

/** The appliance's LAN address: the desk phone's registrar. */
export const APPLIANCE_LAN = "172.16.0.10";
/** The home router's outside address: the lte-phone's registrar, through the forwards. */
export const PUBLIC_ADDRESS = "203.0.113.2";

export interface ExtensionPhone {
  readonly ext: string;
  readonly password: string;
  /** Hz of the tone the phone plays. */
  readonly hz: number;
  /** Default true; false: it rings until told to answer (or the caller gives up). */
  readonly autoAnswer?: boolean;
}

/** A minute of `hz`, apart from the lab's own tones (the pstn phone may be playing those). */
async function tone(hz: number): Promise<string> {
  return generateTone(join(DEFAULT_RUN_DIR, "audio", `extension-${hz}hz.wav`), hz, { seconds: 60 });
}

/** The desk phone on the lab LAN (once the lab router's DHCP gave it a lease), registered. */
export async function deskPhoneAs(p: ExtensionPhone): Promise<Phone> {
  const lease = await waitForDhcpLease(30_000);
  if (!lease) throw new Error("the desk phone got no DHCP lease");
  await startDeskPhone({
    account: { username: p.ext, password: p.password },
    registrar: APPLIANCE_LAN,
    audio: await tone(p.hz),
    autoAnswer: p.autoAnswer ?? true,
  });
  const phone = await Phone.connect("desk-phone");
  await phone.waitRegistered(15_000);
  return phone;
}

/**
 * The desk phone provisioned as lab.yaml's desk device would be: its box takes the device's MAC,
 * fetches its profile from its DHCP lease's option-160 URL expanded as a Cisco 3PCC phone does
 * ($PN product name, $MA lower-case MAC without separators), and registers with the profile's
 * line-1 credentials. Returns the phone and the extension it registered as.
 */
export async function provisionedDeskPhone(
  lab: Lab,
  o: { hz: number; autoAnswer?: boolean },
): Promise<{ phone: Phone; ext: string }> {
  const lease = await waitForDhcpLease(30_000);
  if (!lease?.provisioningUrl) throw new Error("no DHCP lease with option 160 for the desk phone");
  const device = lab.devices.find((d) => d.type === "desk");
  if (device?.type !== "desk") throw new Error("the lab declares no desk phone");
  const iface = interfaceOf("desk-phone", "lab-lan");
  const mac = device.mac.toLowerCase();
  const set = await exec("desk-phone", ["ip", "link", "set", "dev", iface, "address", mac], {
    timeoutMs: 3000,
  });
  if (set.code !== 0) throw new Error(`cannot set the desk phone's MAC: ${set.stderr}`);
  const ma = mac.replaceAll(":", "");
  const url = lease.provisioningUrl.replace("$PN", `CP-${device.model}-3PCC`).replace("$MA", ma);
  const r = await exec(
    "desk-phone",
    ["curl", "-sf", "--max-time", "5", "-A", `Cisco-CP-${device.model}-3PCC/11.3.7 (${ma})`, url],
    { timeoutMs: 8000 },
  );
  if (r.code !== 0) throw new Error(`fetching ${url} failed: ${r.stderr}`);
  const field = (name: string) => new RegExp(`<${name}[^>]*>([^<]*)</${name}>`).exec(r.stdout)?.[1];
  const ext = field("User_ID_1_");
  const password = field("Password_1_");
  if (!ext || !password) throw new Error(`no line-1 credentials in the profile from ${url}`);
  const phone = await deskPhoneAs({ ext, password, hz: o.hz, autoAnswer: o.autoAnswer ?? true });
  return { phone, ext };
}

/** The lte-phone on the internet side, registered to the appliance through both NATs. */
export async function ltePhoneAs(p: ExtensionPhone): Promise<Phone> {
  await startPhone(DEFAULT_RUN_DIR, {
    box: "lte-phone",
    account: { username: p.ext, password: p.password },
    registrar: PUBLIC_ADDRESS,
    audio: await tone(p.hz),
    autoAnswer: p.autoAnswer ?? true,
  });
  const phone = await Phone.connect("lte-phone");
  await phone.waitRegistered(15_000);
  return phone;
}

/** Asserts a recording's dominant frequency is `hz` (±15 Hz); returns the frequency found. */
export function assertTone(path: string, hz: number, label: string, window = { skipSeconds: 0.5 }): number {
  assert.equal(isSilent(path, 0.05, window), false, `${label} heard nothing`);
  const f = dominantFrequency(path, window);
  assert.ok(f !== undefined && Math.abs(f - hz) <= 15, `${label} heard ${f} Hz, expected ${hz}`);
  return f;
}

/** The dominant frequency a phone heard in its last call (complete once it ended), asserted. */
export function assertHeard(phone: Phone, hz: number, label: string): number {
  return assertTone(phone.lastHeard(), hz, label);
}

/** A recording's length in seconds. */
export function secondsOf(path: string): number {
  const w = readWav(path);
  return w.samples.length / w.sampleRate;
}

/**
 * What a recording holds, in `step`-second windows: each window's dominant frequency (or "-" for
 * silence), runs of the same tone (±15 Hz) merged as `700×6` (six windows). Speech shows as a run of
 * changing frequencies. For the report, not for assertions.
 */
export function toneTimeline(path: string, step = 0.5): string {
  const total = secondsOf(path);
  const runs: Array<{ f: number | undefined; n: number }> = [];
  for (let s = 0; s + step <= total; s += step) {
    const f = dominantFrequency(path, { skipSeconds: s, seconds: step });
    const last = runs.at(-1);
    const same =
      last && (f === undefined ? last.f === undefined : last.f !== undefined && Math.abs(last.f - f) <= 15);
    if (same) last.n++;
    else runs.push({ f, n: 1 });
  }
  return runs.map((r) => `${r.f ?? "-"}${r.n > 1 ? `×${r.n}` : ""}`).join(" ");
}
