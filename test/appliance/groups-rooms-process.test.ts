// Ring groups and a meet-me room from the appliance config, through the real appliance process
// with real phones: a sequential group rings its members one after the other, then falls
// through to its no-answer destination (the operator's box answers); a simultaneous group rings
// every member at once and the first to answer gets the call with audio, the others stop
// ringing; two phones dial the room, enter its PIN over RFC 4733 DTMF and hear each other.
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type LoopbackPhone, sleep } from "../calls/loopback-phone.ts";
import { dominantFrequency } from "../lab/audio.ts";
import { type ApplianceProcess, startApplianceProcess } from "./helpers/appliance-process.ts";
import { type TestConfig, writeTestConfig } from "./helpers/test-config.ts";
import { assertTone, hangupAll, pressDigits, startTonePhones, tailFrequency } from "./helpers/tone-phones.ts";

const ROOM_PIN = "4321";
const EXTENSIONS = [
  { number: "100", password: "secret-100-pw", tone: 700 },
  { number: "101", password: "secret-101-pw", tone: 1000 },
  { number: "102", password: "secret-102-pw", tone: 1300 },
  { number: "103", password: "secret-103-pw", tone: 500 },
] as const;

let cfg: TestConfig;
let app: ApplianceProcess | undefined;
let phones: Record<string, LoopbackPhone> = {};
const found: string[] = [];

before(async () => {
  cfg = writeTestConfig({
    extensions: EXTENSIONS,
    overrides: {
      site: { domain: "127.0.0.1" },
      rtp: { min: 38_000, max: 38_999 },
      auth: { algorithms: ["MD5"] },
      ringGroups: [
        {
          name: "sales",
          number: "600",
          members: ["101", "102"],
          strategy: "sequential",
          ringTimeoutSeconds: 5,
          onNoAnswer: { voicemail: "100" },
        },
        { name: "everyone", number: "601", members: ["101", "102"], ringTimeoutSeconds: 10 },
      ],
      conferences: [{ number: "800", name: "Bridge", pin: ROOM_PIN }],
      voicemail: { boxes: [{ number: "100", pin: "2468" }] },
    },
  });
  app = await startApplianceProcess({ configPath: cfg.configPath, timeoutMs: 60_000 });
  phones = await startTonePhones({
    dir: cfg.dir,
    registrar: `127.0.0.1:${app.udpPort}`,
    specs: EXTENSIONS,
    rtpBase: 39_000,
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

async function manual(numbers: readonly string[], on: boolean): Promise<void> {
  for (const n of numbers) await phones[n]!.command("answermode", on ? "manual" : "auto");
}

const rings = (p: LoopbackPhone, from: number) =>
  p.events.slice(from).some((e) => e.type === "CALL_INCOMING");

test("a sequential group rings 101, then 102, then falls through to the operator's box", async () => {
  const [caller, a, b] = [phones["103"]!, phones["101"]!, phones["102"]!];
  await manual(["101", "102"], true);
  try {
    const [mc, ma, mb] = [caller.mark(), a.mark(), b.mark()];
    await caller.command("dial", uri("600"));
    await a.waitFor("CALL_INCOMING", 5000, ma);
    await sleep(2000);
    assert.equal(rings(b, mb), false, "102 does not ring while 101 has its turn");
    const mb2 = b.mark();
    await a.waitFor("CALL_CLOSED", 8000, ma); // 101's 5 s are up
    await b.waitFor("CALL_INCOMING", 3000, mb2);
    await b.waitFor("CALL_CLOSED", 8000, mb2);
    // Nobody answered: the box takes the call (the caller is answered by the PBX).
    await caller.waitFor("CALL_ESTABLISHED", 8000, mc);
    await caller.command("hangup");
    // The two attempts' records name where the caller went next.
    const line = await app!.waitForLine(/"msg":"voicemail deposit"/, 5000);
    assert.equal(JSON.parse(line).box, "100");
  } finally {
    await manual(["101", "102"], false);
    await hangupAll(phones);
  }
  const cdr = readFileSync(join(cfg.stateDir, "cdr.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    cdr
      .slice(-2)
      .map((r: { to: string; outcome: string; forwardedTo?: string }) => [r.to, r.outcome, r.forwardedTo]),
    [
      ["600", "no-answer", "ring-group:600"],
      ["600", "no-answer", "voicemail:100"],
    ],
  );
});

test("a simultaneous group rings both members; 102 answers with audio, 101 stops ringing", async () => {
  const [caller, a, b] = [phones["103"]!, phones["101"]!, phones["102"]!];
  await manual(["101", "102"], true);
  try {
    const [mc, ma, mb] = [caller.mark(), a.mark(), b.mark()];
    await caller.command("dial", uri("601"));
    await a.waitFor("CALL_INCOMING", 5000, ma);
    await b.waitFor("CALL_INCOMING", 5000, mb);
    await b.command("accept");
    await caller.waitFor("CALL_ESTABLISHED", 5000, mc);
    await a.waitFor("CALL_CLOSED", 5000, ma); // RFC 3261 §9: the other fork is cancelled
    await sleep(2500);
    await caller.command("hangup");
    await b.waitFor("CALL_CLOSED", 5000, mb);
    await sleep(300);
    assertTone(found, dominantFrequency(caller.heard(), { skipSeconds: 0.5 }), 1300, "caller heard 102");
    assertTone(found, dominantFrequency(b.heard(), { skipSeconds: 0.5 }), 500, "102 heard the caller");
  } finally {
    await manual(["101", "102"], false);
    await hangupAll(phones);
  }
});

test("the meet-me room from the config: two phones enter its PIN and hear each other", async () => {
  const [a, b] = [phones["101"]!, phones["102"]!];
  try {
    for (const p of [a, b]) {
      const m = p.mark();
      await p.command("dial", uri("800"));
      await p.waitFor("CALL_ESTABLISHED", 5000, m);
      await sleep(500);
      await pressDigits(p, `${ROOM_PIN}#`);
    }
    await sleep(3000);
    await hangupAll(phones); // baresip completes its recordings when the call ends
    assertTone(found, tailFrequency(a.heard()), 1300, "101 in the room heard 102");
    assertTone(found, tailFrequency(b.heard()), 1000, "102 in the room heard 101");
  } finally {
    await hangupAll(phones);
  }
});

test("a wrong room PIN: the phone is hung up and hears nobody", async () => {
  const a = phones["101"]!;
  const m = a.mark();
  await a.command("dial", uri("800"));
  await a.waitFor("CALL_ESTABLISHED", 5000, m);
  await sleep(500);
  await pressDigits(a, "9999#");
  await a.waitFor("CALL_CLOSED", 5000, m);
  await app!.waitForLine(/"msg":"wrong conference PIN"/, 2000);
});
