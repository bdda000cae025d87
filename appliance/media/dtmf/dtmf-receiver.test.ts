import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock, SeededRandom } from "../../base/index.ts";
import { type DtmfDigitEvent, DtmfReceiver, type DtmfRtpInput } from "./dtmf-receiver.ts";
import { DtmfSender } from "./dtmf-sender.ts";
import { encodeTelephoneEvent } from "./telephone-event.ts";

/** Packets a sender emits for `digits`, with sequence numbers, as they leave the wire. */
function sendAll(digits: string, durationMs = 100, gapMs = 60): DtmfRtpInput[] {
  const clock = new ManualClock();
  const out: DtmfRtpInput[] = [];
  let seq = 1000;
  const sender = new DtmfSender({
    clock,
    gapMs,
    sink: (p) => out.push({ ...p, sequenceNumber: seq++ & 0xffff }),
    timestampNow: () => (clock.now() * 8 + 50_000) >>> 0,
  });
  sender.send(digits, durationMs);
  clock.runAll();
  return out;
}

function collect(clock: ManualClock): { rx: DtmfReceiver; got: DtmfDigitEvent[] } {
  const rx = new DtmfReceiver({ clock });
  const got: DtmfDigitEvent[] = [];
  rx.on("digit", (d) => got.push(d));
  return { rx, got };
}

const pkt = (ts: number, event: number, duration: number, end: boolean, seq = 0): DtmfRtpInput => ({
  sequenceNumber: seq,
  timestamp: ts,
  marker: false,
  payload: encodeTelephoneEvent({ event, end, volume: 10, duration }),
});

test("sender: M bit on the first packet, updates every 50 ms, three identical end packets", () => {
  const pkts = sendAll("5", 100);
  assert.equal(pkts.length, 5);
  assert.deepEqual(
    pkts.map((p) => p.marker),
    [true, false, false, false, false],
  );
  assert.equal(new Set(pkts.map((p) => p.timestamp)).size, 1);
  const ends = pkts.slice(2);
  for (const e of ends) assert.deepEqual([...e.payload], [5, 0x8a, 0x03, 0x20]);
});

test("every digit, with triplicated end packets, is reported exactly once", () => {
  const clock = new ManualClock();
  const { rx, got } = collect(clock);
  for (const p of sendAll("0123456789*#ABCD")) rx.receive(p);
  clock.runAll();
  assert.equal(got.map((d) => d.digit).join(""), "0123456789*#ABCD");
  assert.ok(got.every((d) => d.endedBy === "end-packet" && d.duration === 800));
});

test("each digit with 5% packet loss (seeded): every digit exactly once", (t) => {
  const rnd = new SeededRandom(4733);
  const digits = "0123456789*#ABCD";
  let trials = 0;
  let lost = 0;
  let sent = 0;
  const endedBy = { "end-packet": 0, "next-event": 0, timeout: 0 };
  for (let round = 0; round < 25; round++) {
    const clock = new ManualClock();
    const { rx, got } = collect(clock);
    for (const p of sendAll(digits, 100 + (round % 5) * 40)) {
      sent++;
      clock.advance(5);
      if (rnd.nextU32() / 2 ** 32 < 0.05) {
        lost++;
        continue;
      }
      rx.receive(p);
    }
    clock.advance(1000);
    assert.equal(got.map((d) => d.digit).join(""), digits, `round ${round}`);
    for (const d of got) endedBy[d.endedBy]++;
    trials += digits.length;
  }
  assert.equal(trials, 400);
  t.diagnostic(
    `5% loss: ${trials} digits sent, ${trials} detected once; ${lost}/${sent} packets lost; ` +
      `ended by end packet ${endedBy["end-packet"]}, next event ${endedBy["next-event"]}, timeout ${endedBy.timeout}`,
  );
  assert.ok(lost > 0.03 * sent && lost < 0.07 * sent, `lost ${lost} of ${sent}`);
});

test("lost start packets: the first update starts the event", () => {
  const clock = new ManualClock();
  const { rx, got } = collect(clock);
  const pkts = sendAll("7", 200);
  for (const p of pkts.slice(2)) rx.receive(p);
  assert.deepEqual(
    got.map((d) => d.digit),
    ["7"],
  );
});

test("all end packets lost: the event ends by timeout", () => {
  const clock = new ManualClock();
  const { rx, got } = collect(clock);
  rx.receive(pkt(1000, 3, 0, false));
  rx.receive(pkt(1000, 3, 400, false));
  clock.advance(399);
  assert.equal(got.length, 0);
  clock.advance(1);
  assert.equal(got.length, 1);
  assert.equal(got[0]!.endedBy, "timeout");
  rx.receive(pkt(1000, 3, 800, true)); // a very late end packet: already reported
  assert.equal(got.length, 1);
});

test("end packets lost: the next event ends the previous one", () => {
  const clock = new ManualClock();
  const { rx, got } = collect(clock);
  rx.receive(pkt(1000, 1, 0, false));
  rx.receive(pkt(3000, 3, 0, false));
  rx.receive(pkt(3000, 3, 400, true));
  assert.deepEqual(
    got.map((d) => [d.digit, d.endedBy]),
    [
      ["1", "next-event"],
      ["3", "end-packet"],
    ],
  );
});

test("the same digit twice gives two digits (different timestamps)", () => {
  const clock = new ManualClock();
  const { rx, got } = collect(clock);
  for (const p of sendAll("55")) rx.receive(p);
  assert.equal(got.map((d) => d.digit).join(""), "55");
});

test("a fast sequence '1 3 #' (40 ms tones, 40 ms gaps)", () => {
  const clock = new ManualClock();
  const { rx, got } = collect(clock);
  for (const p of sendAll("13#", 40, 40)) rx.receive(p);
  assert.equal(got.map((d) => d.digit).join(""), "13#");
});

test("reordering: packets shuffled within a window of 3 still give each digit once", () => {
  const rnd = new SeededRandom(99);
  const pkts = sendAll("1313##");
  for (let i = 0; i + 2 < pkts.length; i += 3) {
    const j = i + (rnd.nextU32() % 3);
    [pkts[i], pkts[j]] = [pkts[j]!, pkts[i]!];
  }
  const clock = new ManualClock();
  const { rx, got } = collect(clock);
  for (const p of pkts) rx.receive(p);
  clock.advance(1000);
  assert.equal(got.map((d) => d.digit).join(""), "1313##");
});

test("a long event whose duration wraps continues under a new timestamp: one digit", () => {
  const pkts = sendAll("0", 10_000); // 80 000 units > 65 535
  assert.ok(new Set(pkts.map((p) => p.timestamp)).size === 2, "two segments");
  const clock = new ManualClock();
  const { rx, got } = collect(clock);
  for (const p of pkts) rx.receive(p);
  assert.equal(got.length, 1);
  assert.equal(got[0]!.duration, 80_000);
});

test("malformed payloads and events after close are ignored", () => {
  const clock = new ManualClock();
  const { rx, got } = collect(clock);
  rx.receive({ sequenceNumber: 1, timestamp: 1, marker: true, payload: Uint8Array.of(1) });
  rx.receive(pkt(5, 2, 0, false));
  rx.close();
  rx.close();
  rx.receive(pkt(9, 4, 0, true));
  assert.deepEqual(
    got.map((d) => d.digit),
    ["2"],
  );
});

test("a new stream (SSRC change or re-based timestamps) is not mistaken for late packets", () => {
  const clock = new ManualClock();
  const { rx, got } = collect(clock);
  rx.receive({ ...pkt(5_000_000, 1, 400, true), ssrc: 1 });
  rx.receive({ ...pkt(100, 2, 400, true), ssrc: 2 }); // new SSRC, timestamps restarted low
  rx.receive(pkt(200, 3, 400, true)); // no SSRC given: still ahead of 100
  rx.receive(pkt(150, 4, 400, true)); // behind by a little: a late packet, ignored
  rx.receive(pkt(90_000_000, 5, 400, true));
  rx.receive(pkt(200, 6, 400, true)); // far behind: a re-based stream
  assert.equal(got.map((d) => d.digit).join(""), "12356");
});

test("25% loss: every event with at least one packet through is reported exactly once", (t) => {
  const rnd = new SeededRandom(2833);
  let events = 0;
  let reached = 0;
  let reported = 0;
  const endedBy = { "end-packet": 0, "next-event": 0, timeout: 0 };
  for (let round = 0; round < 25; round++) {
    const clock = new ManualClock();
    const { rx, got } = collect(clock);
    const pkts = sendAll("0123456789*#ABCD", 60 + (round % 4) * 50);
    const through = new Set<number>();
    for (const p of pkts) {
      clock.advance(5);
      if (rnd.nextU32() / 2 ** 32 < 0.25) continue;
      through.add(p.timestamp);
      rx.receive(p);
    }
    clock.advance(1000);
    events += 16;
    reached += through.size;
    reported += got.length;
    // Exactly the events that reached the receiver, each once, in order.
    assert.deepEqual(
      got.map((d) => d.timestamp),
      [...through],
    );
    for (const d of got) endedBy[d.endedBy]++;
  }
  t.diagnostic(
    `25% loss: ${events} events, ${reached} reached the receiver, ${reported} reported; ` +
      `ended by end packet ${endedBy["end-packet"]}, next event ${endedBy["next-event"]}, timeout ${endedBy.timeout}`,
  );
  assert.equal(reported, reached);
});
