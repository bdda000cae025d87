// The digital receptionist and voicemail through the real appliance process, with real phones
// (baresip sending RFC 4733 DTMF) and the prompts spoken by espeak-ng when the config is applied:
// a caller dials the IVR's number and presses "1" (after the inter-digit timeout: "1" is also the
// start of "13"), "13", or the hidden "9", and talks to that extension, audio checked both ways
// by the dominant frequency of what each phone recorded; a caller who presses nothing lands in
// the operator's box, leaves a message (its tone), and the owner's phone is sent a
// message-summary NOTIFY with the new count; the owner dials the access number, enters the PIN
// and hears the message (the caller's tone); three wrong PINs lock the box.
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type LoopbackPhone, sleep } from "../calls/loopback-phone.ts";
import { dominantFrequency } from "../lab/audio.ts";
import { type ApplianceProcess, startApplianceProcess } from "./helpers/appliance-process.ts";
import { type TestConfig, writeTestConfig } from "./helpers/test-config.ts";
import { assertTone, hangupAll, pressDigits, startTonePhones, tailFrequency } from "./helpers/tone-phones.ts";

const PIN = "2468";
const EXTENSIONS = [
  { number: "100", password: "secret-100-pw", tone: 700 }, // the operator, with the box
  { number: "101", password: "secret-101-pw", tone: 1000 },
  { number: "102", password: "secret-102-pw", tone: 1300 },
  { number: "103", password: "secret-103-pw", tone: 500 }, // the caller
] as const;
const TONE = Object.fromEntries(EXTENSIONS.map((e) => [e.number, e.tone])) as Record<string, number>;

let cfg: TestConfig;
let app: ApplianceProcess | undefined;
let phones: Record<string, LoopbackPhone> = {};
const found: string[] = [];

before(async () => {
  cfg = writeTestConfig({
    extensions: EXTENSIONS,
    overrides: {
      site: { domain: "127.0.0.1" },
      rtp: { min: 36_000, max: 36_999 },
      auth: { algorithms: ["MD5"] },
      extensions: EXTENSIONS.map((e) => ({
        number: e.number,
        password: e.password,
        ringTimeoutSeconds: 8,
        ...(e.number === "100" ? { onNoAnswer: { voicemail: "100" } } : {}),
      })),
      ivrMenus: [
        {
          name: "main",
          number: "700",
          greeting: { say: "For Alice, press 1. For the operator, press 1 3." },
          options: {
            "1": { destination: { extension: "101" } },
            "13": { destination: { extension: "100" } },
            "9": { destination: { extension: "102" }, hidden: true },
          },
          firstDigitTimeoutSeconds: 2,
          interDigitTimeoutSeconds: 2,
          retries: 0,
          onTimeout: { voicemail: "100" },
        },
      ],
      voicemail: { boxes: [{ number: "100", pin: PIN }], pinLockoutAfter: 3, pinLockoutSeconds: 600 },
    },
  });
  app = await startApplianceProcess({ configPath: cfg.configPath, timeoutMs: 60_000 });
  phones = await startTonePhones({
    dir: cfg.dir,
    registrar: `127.0.0.1:${app.udpPort}`,
    specs: EXTENSIONS,
    rtpBase: 37_000,
    sipTrace: ["100"], // the MWI NOTIFY is read from its SIP trace
  });
});

after(async () => {
  for (const p of Object.values(phones)) await p.stop();
  const code = await app?.stop();
  if (found.length) console.log(`# measured: ${found.join("; ")}`);
  if ((code !== 0 || process.env.PIBX_TEST_LOG) && app) console.log(app.output().slice(-6000));
  rmSync(cfg.dir, { recursive: true, force: true });
});

const uri = (user: string) => `sip:${user}@127.0.0.1:${app!.udpPort}`;

/** The caller dials the IVR, presses `digits`, and must end up talking to `callee`. */
async function throughIvr(digits: string, callee: string): Promise<void> {
  const caller = phones["103"]!;
  const target = phones[callee]!;
  try {
    const mc = caller.mark();
    const mt = target.mark();
    await caller.command("dial", uri("700"));
    await caller.waitFor("CALL_ESTABLISHED", 10_000, mc); // the IVR answers
    await sleep(800); // barge-in during the greeting
    await pressDigits(caller, digits);
    await target.waitFor("CALL_ESTABLISHED", 10_000, mt);
    await sleep(2500);
    await caller.command("hangup");
    await target.waitFor("CALL_CLOSED", 10_000, mt);
    await sleep(300);
    // The recording holds what arrived: the IVR sends nothing while it waits for digits, so the
    // bridged audio is its last seconds, not at a wall-clock offset.
    assertTone(found, tailFrequency(caller.heard()), TONE[callee]!, `caller after "${digits}"`);
    assertTone(
      found,
      dominantFrequency(target.heard(), { skipSeconds: 0.5 }),
      TONE["103"]!,
      `${callee} heard the caller`,
    );
  } finally {
    await hangupAll(phones);
  }
}

test('IVR: "1" waits out the inter-digit timeout (it starts "13"), then reaches 101 with audio', async () => {
  await throughIvr("1", "101");
});

test('IVR: "13" reaches the operator, 100, with audio', async () => {
  await throughIvr("13", "100");
});

test('IVR: the hidden "9" reaches 102', async () => {
  await throughIvr("9", "102");
});

test("IVR timeout → the operator's box: a message is left, and 100 gets a message-summary NOTIFY", async () => {
  const caller = phones["103"]!;
  const owner = phones["100"]!;
  const traceFrom = owner.log.length;
  try {
    const mc = caller.mark();
    await caller.command("dial", uri("700"));
    await caller.waitFor("CALL_ESTABLISHED", 10_000, mc);
    // Greeting (~3 s), 2 s without a digit, then the box's greeting and the beep: the caller's
    // tone keeps playing into the recording.
    await app!.waitForLine(/"msg":"IVR routed".*voicemail:100/, 20_000);
    await sleep(15_000); // the box's greeting, "leave a message after the tone", the beep
    await caller.command("hangup");
    const saved = await app!.waitForLine(/"msg":"voicemail deposit".*"outcome":"saved"/, 10_000);
    found.push(`deposit: ${JSON.parse(saved).durationMs} ms saved`);
  } finally {
    await hangupAll(phones);
  }
  const deadline = Date.now() + 10_000;
  let trace = "";
  while (Date.now() < deadline && !/Voice-Message:\s*1\/0/.test(trace)) {
    trace = owner.log.slice(traceFrom).join("");
    await sleep(200);
  }
  assert.match(trace, /NOTIFY sip:/, "the owner's phone received a NOTIFY");
  assert.match(trace, /Event:\s*message-summary/i);
  assert.match(trace, /Messages-Waiting:\s*yes/i);
  assert.match(trace, /Voice-Message:\s*1\/0/, "one new message, none saved (RFC 3842 §5.2)");
});

test("the owner dials *97, enters the PIN and hears the message (the caller's tone)", async () => {
  const owner = phones["100"]!;
  try {
    const m = owner.mark();
    await owner.command("dial", uri("*97"));
    await owner.waitFor("CALL_ESTABLISHED", 10_000, m);
    const t0 = Date.now();
    await sleep(1500);
    await pressDigits(owner, `${PIN}#`);
    // "You have one new message", then the message: the caller's 500 Hz.
    await sleep(9000);
    const tEnd = (Date.now() - t0) / 1000;
    await owner.command("hangup");
    await sleep(300);
    const heard = owner.heard();
    // Scan 1 s windows for the caller's tone among the prompts.
    let best: number | undefined;
    for (let s = 2; s < tEnd - 1 && best !== TONE["103"]; s += 0.5) {
      const f = dominantFrequency(heard, { skipSeconds: s, seconds: 1 });
      if (f !== undefined && Math.abs(f - TONE["103"]!) <= 15) best = f;
    }
    assertTone(found, best, TONE["103"]!, "owner heard the message");
  } finally {
    await hangupAll(phones);
  }
});

test("three wrong PINs lock the box: the right PIN is then refused for a while", async () => {
  const owner = phones["100"]!;
  try {
    const m = owner.mark();
    await owner.command("dial", uri("*97"));
    await owner.waitFor("CALL_ESTABLISHED", 10_000, m);
    await sleep(1500);
    const refused = () => app!.output().match(/"msg":"voicemail PIN refused"/g)?.length ?? 0;
    const before = refused();
    for (const wrong of ["1111#", "2222#", "3333#"]) {
      const n = refused();
      await pressDigits(owner, wrong);
      // "That PIN is not correct", then the prompt again.
      for (let i = 0; i < 100 && refused() === n; i++) await sleep(100);
      await sleep(1500);
    }
    assert.equal(refused() - before, 3, "three PIN checks, each refused");
    await app!.waitForLine(/"msg":"voicemail PIN refused".*"result":"locked"/, 5000);
    await owner.waitFor("CALL_CLOSED", 15_000, m);
  } finally {
    await hangupAll(phones);
  }
  const lockFile = readFileSync(join(cfg.stateDir, "voicemail-pins", "pin-100.json"), "utf8");
  assert.match(lockFile, /lockedUntil/);
  assert.ok(JSON.parse(lockFile).lockedUntil > Date.now(), "the box is locked");
  // With the right PIN now: told the box is locked, and hung up without hearing messages.
  const m2 = owner.mark();
  await owner.command("dial", uri("*97"));
  await owner.waitFor("CALL_ESTABLISHED", 10_000, m2);
  await owner.waitFor("CALL_CLOSED", 15_000, m2);
  const ended = await app!.waitForLine(/"msg":"voicemail retrieval ended".*"reason":"locked"/, 5000);
  assert.ok(ended);
});
