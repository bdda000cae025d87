import assert from "node:assert/strict";
import { test } from "node:test";
import { buildDtmfRelay } from "../../media/dtmf/index.ts";
import { g711Decode, g711Encode, goertzelAmplitude, ToneGenerator } from "../../media/index.ts";
import type { InviteSession } from "../../sip/dialog/index.ts";
import { parseUri } from "../../sip/message/index.ts";
import { ExtensionRouter } from "../calls/extension-router.ts";
import { type FakeMediaSession, phoneSdp, world } from "../calls/testing.ts";
import { TransferService } from "../transfer/transfer-service.ts";
import { ConferenceService } from "./conference-service.ts";
import { DtmfPinCollector } from "./pin-collector.ts";

function setup() {
  const w = world();
  const conferences = new ConferenceService({
    b2bua: w.b2bua,
    clock: w.clock,
    rooms: [{ number: "800" }, { number: "801", pin: "1234" }],
    pins: new DtmfPinCollector(w.clock, 10_000),
  });
  return { w, conferences };
}

test("three participants: each hears the other two and not itself (N−1, 20 ms frames)", async () => {
  const { w, conferences } = setup();
  const hz: Record<string, number> = { "1001": 440, "1002": 700, "1003": 1000 };
  const calls: InviteSession[] = [];
  let i = 1;
  for (const user of Object.keys(hz)) {
    const p = w.phone(user, `192.0.2.${i++}`);
    calls.push(w.dial(p, "800", phoneSdp(p.address, 4000)));
    await w.settle();
  }
  assert.ok(calls.every((c) => c.state === "confirmed"));
  const room = conferences.room("800")!;
  assert.equal(room.size, 3);
  const sessions = w.media.sessions as FakeMediaSession[];
  const gens = Object.values(hz).map((f) => new ToneGenerator({ frequencies: [f], amplitude: 6000 }));
  for (let tick = 0; tick < 30; tick++) {
    for (const [k, s] of sessions.entries())
      s.receive("a", {
        marker: tick === 0,
        payloadType: 0,
        sequenceNumber: tick,
        timestamp: tick * 160,
        ssrc: k + 1,
        payload: g711Encode("PCMU", gens[k]!.next(160)),
      });
    w.clock.advance(20);
  }
  const freqs = Object.values(hz);
  sessions.forEach((s, k) => {
    const frames = s.frames.a.slice(-10);
    assert.ok(frames.length === 10, `participant ${k} got ${s.frames.a.length} frames`);
    const pcm = new Int16Array(1600);
    for (const [j, f] of frames.entries()) pcm.set(g711Decode("PCMU", f.payload), j * 160);
    const amp = freqs.map((f) => goertzelAmplitude(pcm, f));
    freqs.forEach((_, j) => {
      if (j === k) assert.ok(amp[j]! < 300, `participant ${k} hears itself: ${amp.map(Math.round)}`);
      else assert.ok(amp[j]! > 3000, `participant ${k} misses ${freqs[j]} Hz: ${amp.map(Math.round)}`);
    });
    for (let j = 1; j < frames.length; j++)
      assert.equal((frames[j]!.timestamp - frames[j - 1]!.timestamp) >>> 0, 160);
  });
  calls[0]!.close();
  await w.settle();
  assert.equal(room.size, 2);
  assert.equal(sessions[0]!.closed, true);
  conferences.close();
  await w.settle();
  assert.ok(calls.every((c) => c.terminated));
});

test("a room with a PIN: the right digits (SIP INFO) join, a wrong PIN is hung up", async () => {
  const { w, conferences } = setup();
  const alice = w.phone("1001", "192.0.2.1");
  const bob = w.phone("1002", "192.0.2.2");
  const a = w.dial(alice, "801");
  await w.settle();
  assert.equal(a.state, "confirmed");
  for (const d of "1234#") {
    void a.info({ contentType: "application/dtmf-relay", body: Buffer.from(buildDtmfRelay(d, 100)) });
    await w.settle();
  }
  assert.equal(conferences.room("801")?.size, 1);
  const b = w.dial(bob, "801");
  await w.settle();
  for (const d of "9999#") {
    void b.info({ contentType: "application/dtmf-relay", body: Buffer.from(buildDtmfRelay(d, 100)) });
    await w.settle();
  }
  assert.equal(b.terminated, true, "wrong PIN: BYE");
  assert.equal(conferences.room("801")?.size, 1);
});

test("three-way calling: REFER to the room's URI moves the other party into the room", async () => {
  const { w, conferences } = setup();
  const router = new ExtensionRouter([{ number: "1001" }, { number: "1002" }], ["800"]);
  new TransferService({
    b2bua: w.b2bua,
    dialogs: w.pbx.dialogs,
    router,
    contacts: { contacts: (u) => w.contacts.get(u) ?? [] },
    clock: w.clock,
    conference: conferences,
  });
  const alice = w.phone("1001", "192.0.2.1");
  const bob = w.phone("1002", "192.0.2.2");
  const a = w.dial(alice, "1002");
  await w.settle();
  const b = bob.incoming[0]!;
  b.answer(phoneSdp("192.0.2.2", 6000));
  await w.settle();
  const progress: number[] = [];
  b.events.on("referProgress", (p) => progress.push(p.status));
  const refer = b.refer(parseUri("sip:800@pbx.test"));
  await w.settle();
  assert.equal((await refer).status, 202);
  assert.deepEqual(progress, [100, 200]);
  assert.equal(b.terminated, true, "the referring leg is ended");
  assert.equal(a.state, "confirmed", "the referee stays up, now in the room");
  assert.deepEqual(conferences.room("800")?.parties, ["1001"]);
  const bobIn = w.dial(bob, "800", phoneSdp("192.0.2.2", 6002));
  await w.settle();
  assert.equal(bobIn.state, "confirmed");
  assert.deepEqual(conferences.room("800")?.parties, ["1001", "1002"]);
});

test("a participant's re-INVITE (hold) is answered by the room, not refused", async () => {
  const { w, conferences } = setup();
  const alice = w.phone("1001", "192.0.2.1");
  const a = w.dial(alice, "800");
  await w.settle();
  const o = a.reinvite(phoneSdp("192.0.2.1", 4000, "sendonly"));
  await w.settle();
  assert.equal((await o).status, 200);
  assert.equal(conferences.room("800")?.size, 1);
});
