// Calls through the real appliance process: two baresip phones register with digest auth (MD5:
// baresip 1.0 computes nothing else) to the appliance started from source, call each other, and
// each recording's dominant frequency proves the other phone's tone crossed the RTP relay. A call
// to an unregistered extension gets 480, a rejected one 486, the answered call leaves a CDR line
// in the state directory, a held phone hears the generated music on hold, and a SIGHUP during a
// call keeps it.
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type LoopbackPhone, sleep } from "../calls/loopback-phone.ts";
import { dominantFrequency } from "../lab/audio.ts";
import { type ApplianceProcess, startApplianceProcess } from "./helpers/appliance-process.ts";
import { TEST_EXTENSIONS, type TestConfig, writeTestConfig } from "./helpers/test-config.ts";
import { assertTone, startTonePhones } from "./helpers/tone-phones.ts";

const TONES: Record<string, number> = { "100": 700, "101": 1000 };
/** The quiet tone the appliance generates into its state dir (no MOH file in the config). */
const MOH_HZ = 440;
const UNREGISTERED = "2001";
let cfg: TestConfig;
let app: ApplianceProcess | undefined;
let phones: Record<string, LoopbackPhone> = {};
const found: string[] = [];

before(async () => {
  cfg = writeTestConfig({
    overrides: {
      site: { domain: "127.0.0.1" },
      rtp: { min: 34_000, max: 34_999 },
      auth: { algorithms: ["MD5"] },
    },
  });
  app = await startApplianceProcess({ configPath: cfg.configPath });
  phones = await startTonePhones({
    dir: cfg.dir,
    registrar: `127.0.0.1:${app.udpPort}`,
    specs: Object.entries(TONES).map(([user, tone]) => ({
      number: user,
      password: TEST_EXTENSIONS.find((e) => e.number === user)!.password,
      tone,
    })),
    rtpBase: 35_000,
  });
});

after(async () => {
  for (const p of Object.values(phones)) await p.stop();
  const code = await app?.stop();
  if (found.length) console.log(`# measured: ${found.join("; ")}`);
  if (code !== 0 && app) console.log(app.output().slice(-4000));
  rmSync(cfg.dir, { recursive: true, force: true });
});

const uri = (user: string) => `sip:${user}@127.0.0.1:${app!.udpPort}`;

test("two registered phones call each other with audio both ways; the CDR is on disk", async () => {
  const a = phones["100"]!;
  const b = phones["101"]!;
  const ma = a.mark();
  const mb = b.mark();
  await a.command("dial", uri("101"));
  await a.waitFor("CALL_ESTABLISHED", 10_000, ma);
  await b.waitFor("CALL_ESTABLISHED", 10_000, mb);
  await sleep(3000);
  await a.command("hangup");
  await b.waitFor("CALL_CLOSED", 10_000, mb);
  await sleep(500);
  assertTone(found, dominantFrequency(a.heard(), { skipSeconds: 0.5 }), TONES["101"]!, "100 heard");
  assertTone(found, dominantFrequency(b.heard(), { skipSeconds: 0.5 }), TONES["100"]!, "101 heard");
  const file = join(cfg.stateDir, "cdr.jsonl");
  assert.ok(existsSync(file), "cdr.jsonl in the state dir");
  const last = JSON.parse(readFileSync(file, "utf8").trim().split("\n").at(-1)!) as Record<string, unknown>;
  assert.equal(last.outcome, "answered");
});

test("a call to a registered-nowhere extension gets 480", async () => {
  const a = phones["100"]!;
  const ma = a.mark();
  await a.command("dial", uri(UNREGISTERED));
  const closed = await a.waitFor("CALL_CLOSED", 10_000, ma);
  assert.match(closed.param ?? "", /480/);
});

test("a callee that rejects: the caller gets 486", async () => {
  const a = phones["100"]!;
  const b = phones["101"]!;
  await b.command("answermode", "manual");
  try {
    const ma = a.mark();
    const mb = b.mark();
    await a.command("dial", uri("101"));
    await b.waitFor("CALL_INCOMING", 10_000, mb);
    await b.command("hangup"); // baresip rejects an incoming call with 486 Busy Here
    const closed = await a.waitFor("CALL_CLOSED", 10_000, ma);
    assert.match(closed.param ?? "", /486/);
  } finally {
    await b.command("answermode", "auto");
    for (const p of Object.values(phones)) await p.command("hangup").catch(() => {});
  }
});

test("hold and resume: the held phone hears the generated music on hold, then the other phone", async () => {
  const a = phones["100"]!;
  const b = phones["101"]!;
  try {
    const ma = a.mark();
    const mb = b.mark();
    await a.command("dial", uri("101"));
    await b.waitFor("CALL_ESTABLISHED", 10_000, mb);
    await a.waitFor("CALL_ESTABLISHED", 10_000, ma);
    const t0 = Date.now();
    await sleep(1500);
    const tHold = (Date.now() - t0) / 1000;
    await a.command("hold");
    await sleep(3000);
    const tResume = (Date.now() - t0) / 1000;
    await a.command("resume");
    await sleep(2500);
    await a.command("hangup");
    await b.waitFor("CALL_CLOSED", 10_000, mb);
    await sleep(300);
    const heard = b.heard();
    assertTone(
      found,
      dominantFrequency(heard, { skipSeconds: tHold + 0.8, seconds: 1.5 }),
      MOH_HZ,
      "101 while held",
    );
    assertTone(
      found,
      dominantFrequency(heard, { skipSeconds: tResume + 0.8, seconds: 1.2 }),
      TONES["100"]!,
      "101 after resume",
    );
    assert.ok(existsSync(join(cfg.stateDir, "music-on-hold.wav")), "generated MOH file in the state dir");
  } finally {
    for (const p of Object.values(phones)) await p.command("hangup").catch(() => {});
    await sleep(300);
  }
});

test("SIGHUP during a call reloads the config and keeps the call", async () => {
  const a = phones["100"]!;
  const b = phones["101"]!;
  const ma = a.mark();
  const mb = b.mark();
  await a.command("dial", uri("101"));
  await b.waitFor("CALL_ESTABLISHED", 10_000, mb);
  await a.waitFor("CALL_ESTABLISHED", 10_000, ma);
  app!.signal("SIGHUP");
  await app!.waitForLine(/"msg":"config reloaded"/, 10_000);
  await sleep(2500);
  assert.ok(!a.events.slice(ma).some((e) => e.type === "CALL_CLOSED"), "call still up after SIGHUP");
  await a.command("hangup");
  await b.waitFor("CALL_CLOSED", 10_000, mb);
  await sleep(300);
  assertTone(
    found,
    dominantFrequency(b.heard(), { skipSeconds: 1.5 }),
    TONES["100"]!,
    "101 heard after SIGHUP",
  );
});
