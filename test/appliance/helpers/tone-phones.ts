// Real baresip phones registered to a test appliance, each playing its own tone, and the check
// that a recording's dominant frequency is the tone expected (what crossed the RTP relay).
import assert from "node:assert/strict";
import { join } from "node:path";
import { LoopbackPhone, sleep } from "../../calls/loopback-phone.ts";
import { dominantFrequency } from "../../lab/audio.ts";
import { generateTone } from "../../lab/tone.ts";
import { readWav } from "../../lab/wav.ts";
import { freePort } from "./free-port.ts";

export interface TonePhoneSpec {
  readonly number: string;
  readonly password: string;
  /** Hz of the tone the phone plays. */
  readonly tone: number;
}

/** Starts one phone per spec (tones of 2 min), waits until all are registered. */
export async function startTonePhones(o: {
  dir: string;
  registrar: string;
  specs: readonly TonePhoneSpec[];
  /** First of the phones' RTP port blocks (100 ports each). */
  rtpBase: number;
  sipTrace?: readonly string[];
}): Promise<Record<string, LoopbackPhone>> {
  const phones: Record<string, LoopbackPhone> = {};
  let i = 0;
  for (const e of o.specs) {
    const audio = await generateTone(join(o.dir, `tone-${e.tone}.wav`), e.tone, {
      seconds: 120,
      amplitude: 0.4,
    });
    phones[e.number] = await LoopbackPhone.start({
      dir: join(o.dir, `phone-${e.number}`),
      user: e.number,
      password: e.password,
      registrar: o.registrar,
      sipPort: await freePort(),
      ctrlPort: await freePort(),
      rtpPorts: [o.rtpBase + i * 100, o.rtpBase + 19 + i * 100],
      audio,
      sipTrace: o.sipTrace?.includes(e.number) ?? false,
    });
    i++;
  }
  for (const p of Object.values(phones)) await p.waitRegistered(10_000);
  return phones;
}

/** Records `label: heard Hz (expected)` into `found` and asserts within ±15 Hz. */
export function assertTone(
  found: string[],
  actual: number | undefined,
  expected: number,
  label: string,
): void {
  found.push(`${label}: ${actual ?? "silence"} Hz (expected ${expected})`);
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= 15,
    `${label}: heard ${actual ?? "silence"} Hz, expected ${expected}`,
  );
}

/** The dominant frequency of a recording's last `seconds` (less the final half second). */
export function tailFrequency(path: string, seconds = 1.5): number | undefined {
  const w = readWav(path);
  const duration = w.samples.length / w.sampleRate;
  return dominantFrequency(path, { skipSeconds: Math.max(0, duration - seconds - 0.5), seconds });
}

/** Hangs up every phone (ignoring phones without a call). */
export async function hangupAll(phones: Record<string, LoopbackPhone>): Promise<void> {
  for (const p of Object.values(phones)) await p.command("hangup").catch(() => {});
  await sleep(500);
}

/** Sends RFC 4733 digits one by one (baresip's sndcode). */
export async function pressDigits(phone: LoopbackPhone, digits: string): Promise<void> {
  for (const d of digits) {
    await phone.command("sndcode", d);
    await sleep(300);
  }
}
