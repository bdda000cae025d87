// Real phones through the PBX: baresip instances on loopback register to a PBX composed in this
// process (test wiring in loopback-pbx.ts), each playing its own tone and recording what it
// hears; the recordings' dominant frequencies prove who heard whom.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parseUri } from "../../appliance/sip/message/index.ts";
import { dominantFrequency, goertzelPower, loudPart } from "../lab/audio.ts";
import { generateTone } from "../lab/tone.ts";
import { readWav } from "../lab/wav.ts";
import { type LoopbackPbx, startLoopbackPbx } from "./loopback-pbx.ts";
import { LoopbackPhone, sleep } from "./loopback-phone.ts";
import { startLoopbackUa } from "./loopback-ua.ts";

const TONES: Record<string, number> = { "1001": 440, "1002": 700, "1003": 1000 };
const MOH_HZ = 300;
let dir = "";
let pbx: LoopbackPbx;
const phones: Record<string, LoopbackPhone> = {};
const found: string[] = [];

function near(actual: number | undefined, expected: number, label: string): void {
  found.push(`${label}: ${actual ?? "silence"} Hz (expected ${expected})`);
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= 15,
    `${label}: heard ${actual} Hz, expected ${expected}`,
  );
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "pibx-calls-"));
  const moh = await generateTone(join(dir, "moh.wav"), MOH_HZ, { seconds: 4, amplitude: 0.4 });
  const { LoopedMusicOnHold } = await import("../../appliance/pbx/hold/index.ts");
  const { cryptoRandom } = await import("../../appliance/base/index.ts");
  pbx = await startLoopbackPbx({
    rtpPorts: { min: 32_400, max: 32_599 },
    extensions: [...Object.keys(TONES), "1009"],
    rooms: ["800"],
    moh: (clock) => LoopedMusicOnHold.fromWavFile(clock, cryptoRandom, moh),
  });
  let i = 0;
  for (const [user, hz] of Object.entries(TONES)) {
    const audio = await generateTone(join(dir, `tone-${hz}.wav`), hz, { seconds: 120, amplitude: 0.4 });
    const p = await LoopbackPhone.start({
      dir: join(dir, user),
      user,
      registrar: `127.0.0.1:${pbx.port}`,
      sipPort: 15_060 + i * 20,
      ctrlPort: 14_460 + i * 20,
      rtpPorts: [33_000 + i * 100, 33_019 + i * 100],
      audio,
    });
    phones[user] = p;
    i++;
  }
  for (const p of Object.values(phones)) await p.waitRegistered(10_000);
});

after(async () => {
  for (const p of Object.values(phones)) await p.stop();
  await pbx?.close();
  if (found.length) console.log(`# measured: ${found.join("; ")}`);
  rmSync(dir, { recursive: true, force: true });
});

const uri = (user: string) => `sip:${user}@127.0.0.1:${pbx.port}`;

async function hangupAll(): Promise<void> {
  for (const p of Object.values(phones)) await p.command("hangup").catch(() => {});
  await sleep(300);
}

test("a call between two extensions carries audio both ways", async () => {
  const a = phones["1001"]!;
  const b = phones["1002"]!;
  const ma = a.mark();
  const mb = b.mark();
  await a.command("dial", uri("1002"));
  await a.waitFor("CALL_ESTABLISHED", 10_000, ma);
  await b.waitFor("CALL_ESTABLISHED", 10_000, mb);
  await sleep(3000);
  await a.command("hangup");
  await b.waitFor("CALL_CLOSED", 10_000, mb);
  await sleep(300);
  near(dominantFrequency(a.heard(), { skipSeconds: 0.5 }), TONES["1002"]!, "1001 heard");
  near(dominantFrequency(b.heard(), { skipSeconds: 0.5 }), TONES["1001"]!, "1002 heard");
  const cdr = pbx.cdr.records.at(-1)!;
  assert.equal(cdr.outcome, "answered");
  assert.equal(cdr.endedBy, "caller");
});

test("the caller cancels before an answer: the callee stops ringing, CDR cancelled", async () => {
  const a = phones["1001"]!;
  const b = phones["1002"]!;
  await b.command("answermode", "manual");
  try {
    const ma = a.mark();
    const mb = b.mark();
    await a.command("dial", uri("1002"));
    await b.waitFor("CALL_INCOMING", 10_000, mb);
    await a.waitFor("CALL_RINGING", 10_000, ma);
    await a.command("hangup");
    await b.waitFor("CALL_CLOSED", 10_000, mb);
    await sleep(200);
    const cdr = pbx.cdr.records.at(-1)!;
    assert.equal(cdr.outcome, "cancelled");
    assert.equal(cdr.status, 487);
  } finally {
    await b.command("answermode", "auto");
    await hangupAll();
  }
});

test("a busy callee: the caller gets 486, CDR busy", async () => {
  const a = phones["1001"]!;
  const b = phones["1002"]!;
  await b.command("answermode", "manual");
  try {
    const ma = a.mark();
    const mb = b.mark();
    await a.command("dial", uri("1002"));
    await b.waitFor("CALL_INCOMING", 10_000, mb);
    await b.command("hangup"); // baresip rejects an incoming call with 486 Busy Here
    const closed = await a.waitFor("CALL_CLOSED", 10_000, ma);
    assert.match(closed.param ?? "", /486/);
    await sleep(200);
    const cdr = pbx.cdr.records.at(-1)!;
    assert.equal(cdr.outcome, "busy");
    assert.equal(cdr.status, 486);
  } finally {
    await b.command("answermode", "auto");
    await hangupAll();
  }
});

test("hold and resume: the held party hears music on hold, then the other phone again", async () => {
  const a = phones["1001"]!;
  const b = phones["1002"]!;
  try {
    const ma = a.mark();
    const mb = b.mark();
    await a.command("dial", uri("1002"));
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
    near(dominantFrequency(heard, { skipSeconds: 0.3, seconds: 1 }), TONES["1001"]!, "1002 before hold");
    near(dominantFrequency(heard, { skipSeconds: tHold + 0.8, seconds: 1.5 }), MOH_HZ, "1002 while held");
    near(
      dominantFrequency(heard, { skipSeconds: tResume + 0.8, seconds: 1.2 }),
      TONES["1001"]!,
      "1002 after resume",
    );
    near(dominantFrequency(a.heard(), { skipSeconds: 0.3, seconds: 1 }), TONES["1002"]!, "1001 before hold");
  } finally {
    await hangupAll();
  }
});

test("RTP from a foreign address at a call's relay port is neither forwarded nor latched", async () => {
  const a = phones["1001"]!;
  const b = phones["1002"]!;
  const { createSocket } = await import("node:dgram");
  const sock = createSocket("udp4");
  try {
    const ma = a.mark();
    const mb = b.mark();
    const before = pbx.sessions.length;
    await a.command("dial", uri("1002"));
    await b.waitFor("CALL_ESTABLISHED", 10_000, mb);
    await a.waitFor("CALL_ESTABLISHED", 10_000, ma);
    await sleep(800);
    const session = pbx.sessions[before]!;
    const latchedBefore = session.stats().a.latched;
    assert.ok(latchedBefore, "the caller's phone latched");
    await new Promise<void>((r) => sock.bind(0, "127.0.0.2", () => r()));
    const port = session.localPort("a");
    const rejectedBefore = session.stats().a.rejected;
    const sentBefore = session.stats().b.sentPackets;
    const acceptedBefore = session.stats().a.inbound.packets;
    for (let i = 0; i < 50; i++) {
      const pkt = Buffer.alloc(172);
      pkt[0] = 0x80;
      pkt[1] = 0; // PCMU
      pkt.writeUInt16BE(i, 2);
      pkt.writeUInt32BE(i * 160, 4);
      pkt.writeUInt32BE(0xdeadbeef, 8);
      pkt.fill(0x10, 12);
      sock.send(pkt, port, "127.0.0.1");
      await sleep(20);
    }
    await sleep(200);
    const after = session.stats();
    assert.ok(after.a.rejected - rejectedBefore >= 50, `rejected ${after.a.rejected - rejectedBefore}`);
    assert.deepEqual(
      after.a.latched && [after.a.latched.address, after.a.latched.port],
      [latchedBefore.address, latchedBefore.port],
      "the latch did not move",
    );
    // Everything forwarded to B meanwhile was the phone's own accepted RTP, none of the attacker's.
    const accepted = after.a.inbound.packets - acceptedBefore;
    const forwarded = after.b.sentPackets - sentBefore;
    assert.ok(forwarded <= accepted, `forwarded ${forwarded} > accepted from the phone ${accepted}`);
    found.push(
      `foreign RTP: ${after.a.rejected - rejectedBefore} rejected; ${forwarded} forwarded, ${accepted} accepted from the phone`,
    );
  } finally {
    sock.close();
    await hangupAll();
  }
});

test("blind transfer: 1002 transfers 1001 to 1003, who then talk to each other", async () => {
  const a = phones["1001"]!;
  const b = phones["1002"]!;
  const c = phones["1003"]!;
  try {
    const ma = a.mark();
    const mb = b.mark();
    const mc = c.mark();
    await a.command("dial", uri("1002"));
    await b.waitFor("CALL_ESTABLISHED", 10_000, mb);
    await a.waitFor("CALL_ESTABLISHED", 10_000, ma);
    const t0 = Date.now();
    await sleep(1500);
    await b.command("transfer", uri("1003"));
    await c.waitFor("CALL_ESTABLISHED", 10_000, mc);
    const tC = (Date.now() - t0) / 1000;
    await b.waitFor("CALL_CLOSED", 10_000, mb); // the transferor's leg ends (RFC 5589 §6.1)
    await sleep(3000);
    await a.command("hangup");
    await c.waitFor("CALL_CLOSED", 10_000, mc);
    await sleep(300);
    near(dominantFrequency(c.heard(), { skipSeconds: 0.5, seconds: 1.5 }), TONES["1001"]!, "1003 heard");
    near(
      dominantFrequency(a.heard(), { skipSeconds: tC + 0.8, seconds: 1.5 }),
      TONES["1003"]!,
      "1001 after transfer",
    );
    near(
      dominantFrequency(a.heard(), { skipSeconds: 0.3, seconds: 1 }),
      TONES["1002"]!,
      "1001 before transfer",
    );
    const cdr = pbx.cdr.records.at(-1)!;
    assert.equal(cdr.answeredBy, "1003");
  } finally {
    await hangupAll();
  }
});

/** Power of each frequency in the recording's loud part from skipSeconds, relative to the strongest. */
function spectrum(path: string, freqs: readonly number[], skipSeconds: number): number[] {
  const wav = readWav(path);
  const block = loudPart(wav, skipSeconds).subarray(0, wav.sampleRate * 2);
  const p = freqs.map((f) => goertzelPower(block, wav.sampleRate, f));
  const max = Math.max(...p);
  return p.map((x) => x / max);
}

test("a three-party conference: each phone hears the other two and not itself", async () => {
  const users = ["1001", "1002", "1003"] as const;
  try {
    for (const u of users) {
      const p = phones[u]!;
      const m = p.mark();
      await p.command("dial", uri("800"));
      await p.waitFor("CALL_ESTABLISHED", 10_000, m);
    }
    await sleep(4000);
    const marks = users.map((u) => phones[u]!.mark());
    for (const u of users) await phones[u]!.command("hangup");
    await Promise.all(users.map((u, k) => phones[u]!.waitFor("CALL_CLOSED", 10_000, marks[k])));
    await sleep(300);
    const freqs = users.map((u) => TONES[u]!);
    users.forEach((u, k) => {
      // The last to join heard both others from the start; the first heard them once all were in.
      const rel = spectrum(phones[u]!.heard(), freqs, k === 2 ? 0.5 : 2.5 - k);
      found.push(
        `${u} in the conference: ${freqs.map((f, j) => `${f} Hz ${rel[j]!.toFixed(2)}`).join(", ")}`,
      );
      freqs.forEach((f, j) => {
        if (j === k) assert.ok(rel[j]! < 0.05, `${u} hears itself (${f} Hz at ${rel[j]})`);
        else assert.ok(rel[j]! > 0.2, `${u} misses ${f} Hz (${rel[j]})`);
      });
    });
  } finally {
    await hangupAll();
  }
});

test("attended transfer: the transferor consults 1003, then REFERs 1001 with Replaces; 1001 and 1003 talk", async () => {
  const a = phones["1001"]!;
  const c = phones["1003"]!;
  // baresip 1.0 has no attended-transfer command: the transferor (1009) is a scripted UA.
  const ua = await startLoopbackUa("1009");
  try {
    pbx.contacts.set("1009", [
      { uri: parseUri(`sip:1009@127.0.0.1:${ua.port}`), source: { address: "127.0.0.1", port: ua.port } },
    ]);
    const ma = a.mark();
    const mc = c.mark();
    await a.command("dial", uri("1009"));
    const deadline = Date.now() + 10_000;
    while (ua.incoming.length === 0 && Date.now() < deadline) await sleep(50);
    const b1 = ua.incoming[0]!;
    assert.ok(b1, "the transferor's phone rings");
    b1.answer(ua.sdp(1));
    await a.waitFor("CALL_ESTABLISHED", 10_000, ma);
    // The consultation call to 1003, through the PBX.
    const target = parseUri(uri("1003"));
    const b2 = ua.dialogs.invite({ to: target, from: parseUri("sip:1009@127.0.0.1"), offer: ua.sdp(1) });
    await c.waitFor("CALL_ESTABLISHED", 10_000, mc);
    const until = Date.now() + 5000;
    while (b2.state !== "confirmed" && Date.now() < until) await sleep(50);
    assert.equal(b2.state, "confirmed");
    await sleep(500);
    const d = b2.dialog!;
    const done = new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("no final NOTIFY")), 10_000);
      b1.events.on("referProgress", (p) => {
        if (p.final) {
          clearTimeout(t);
          resolve(p.status);
        }
      });
    });
    const refer = await b1.refer(target, {
      // RFC 3891 §3: the consultation dialog as the PBX sees it.
      replaces: { callId: d.id.callId, toTag: d.id.remoteTag, fromTag: d.id.localTag, earlyOnly: false },
    });
    assert.equal(refer.status, 202);
    assert.equal(await done, 200);
    const t0 = Date.now();
    while (!b2.terminated && Date.now() - t0 < 5000) await sleep(50);
    assert.equal(b2.terminated, true, "the consultation leg was ended by the PBX");
    b1.close(); // RFC 5589 §6.1: the transferor hangs up after the final NOTIFY
    await sleep(3000);
    const mc2 = c.mark();
    await a.command("hangup");
    await c.waitFor("CALL_CLOSED", 10_000, mc2);
    await sleep(300);
    // The transferor sent silence: the loud part of each recording is the other phone.
    near(dominantFrequency(a.heard()), TONES["1003"]!, "1001 after attended transfer");
    near(dominantFrequency(c.heard()), TONES["1001"]!, "1003 after attended transfer");
  } finally {
    await hangupAll();
    await ua.close();
  }
});

test("three-way calling: 1002 refers 1001 into room 800, joins it, then refers 1003 in", async () => {
  const a = phones["1001"]!;
  const b = phones["1002"]!;
  const c = phones["1003"]!;
  try {
    const ma = a.mark();
    let mb = b.mark();
    await a.command("dial", uri("1002"));
    await b.waitFor("CALL_ESTABLISHED", 10_000, mb);
    await a.waitFor("CALL_ESTABLISHED", 10_000, ma);
    const tA = Date.now();
    mb = b.mark();
    await b.command("transfer", uri("800")); // REFER Refer-To: the room
    await b.waitFor("CALL_CLOSED", 10_000, mb);
    mb = b.mark();
    await b.command("dial", uri("800"));
    await b.waitFor("CALL_ESTABLISHED", 10_000, mb);
    const mc = c.mark();
    mb = b.mark();
    await b.command("dial", uri("1003"));
    await c.waitFor("CALL_ESTABLISHED", 10_000, mc);
    const tC = Date.now();
    await sleep(1000);
    await b.command("transfer", uri("800"));
    await b.waitFor("CALL_CLOSED", 10_000, mb);
    const tRoom = Date.now();
    await sleep(4000);
    const tEnd = Date.now();
    for (const p of [a, c]) await p.command("hangup");
    await sleep(500);
    const freqs = ["1001", "1002", "1003"].map((u) => TONES[u]!);
    const inRoom = (path: string, since: number): number[] => {
      const wav = readWav(path);
      const from = (tRoom - since) / 1000 + 1;
      const block = loudPart(wav, from, 0.01, from + Math.min(2, (tEnd - tRoom) / 1000 - 1.5));
      const p = freqs.map((f) => goertzelPower(block, wav.sampleRate, f));
      const max = Math.max(...p);
      return p.map((x) => x / max);
    };
    const heardA = inRoom(a.heard(), tA);
    const heardC = inRoom(c.heard(), tC);
    found.push(
      `three-way: 1001 hears ${heardA.map((x) => x.toFixed(2))}; 1003 hears ${heardC.map((x) => x.toFixed(2))}`,
    );
    assert.ok(heardA[0]! < 0.05 && heardA[1]! > 0.2 && heardA[2]! > 0.2, `1001 in the room: ${heardA}`);
    assert.ok(heardC[2]! < 0.05 && heardC[0]! > 0.2 && heardC[1]! > 0.2, `1003 in the room: ${heardC}`);
  } finally {
    await hangupAll();
  }
});
