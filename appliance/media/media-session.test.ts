// The relay over real UDP sockets on loopback (127.0.0.x are all local on Linux, which gives
// the tests "foreign" source addresses). Timing-sensitive parts use the ManualClock; the tests
// only wait for datagrams to arrive, never for a protocol timer.
import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ManualClock, SeededRandom } from "../base/index.ts";
import { PortRangeExhaustedError } from "./errors.ts";
import { g711Decode, g711Encode } from "./g711.ts";
import { goertzelAmplitude } from "./goertzel.ts";
import type { LegRemote, MediaSession } from "./media-session.ts";
import { closeSocket } from "./port-allocator.ts";
import { PromptPlayer } from "./prompt-player.ts";
import { encodeReport } from "./rtcp-packet.ts";
import { decodeRtp, encodeRtp, type RtpPacket } from "./rtp-packet.ts";
import { RtpRelay } from "./rtp-relay.ts";
import { seqDelta } from "./sequence.ts";
import { toneSamples } from "./tone.ts";
import { parseWav } from "./wav.ts";
import { WavRecorder } from "./wav-recorder.ts";

interface Peer {
  socket: Socket;
  port: number;
  address: string;
  received: Array<{ packet: RtpPacket; from: number }>;
  raw: Buffer[];
}

const sockets: Socket[] = [];

async function peer(address = "127.0.0.1"): Promise<Peer> {
  const socket = createSocket("udp4");
  sockets.push(socket);
  const p: Peer = { socket, port: 0, address, received: [], raw: [] };
  socket.on("message", (msg, rinfo) => {
    p.raw.push(msg);
    try {
      p.received.push({ packet: decodeRtp(msg), from: rinfo.port });
    } catch {
      // RTCP or junk: kept in raw only
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  p.port = socket.address().port;
  return p;
}

function send(from: Peer, toPort: number, pkt: Partial<RtpPacket> & { sequenceNumber: number }): void {
  const full: RtpPacket = {
    marker: false,
    payloadType: 0,
    timestamp: pkt.sequenceNumber * 160,
    ssrc: 0x11111111,
    csrcs: [],
    payload: new Uint8Array(160).fill(0xff),
    paddingLength: 0,
    ...pkt,
  };
  from.socket.send(encodeRtp(full), toPort, "127.0.0.1");
}

/** Waits for datagrams (I/O, not a protocol timer); fails after a generous bound. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), `timed out waiting for ${what}`);
}

/** Lets in-flight datagrams land, to show that something did NOT arrive. */
const settle = () => new Promise((r) => setTimeout(r, 60));

const remote = (p: Peer, extra: Partial<LegRemote> = {}): LegRemote => ({
  address: p.address,
  port: p.port,
  codec: { payloadType: 0, encoding: "PCMU" },
  telephoneEvent: 101,
  ...extra,
});

describe("MediaSession over UDP", () => {
  let clock: ManualClock;
  let relay: RtpRelay;

  before(() => {
    clock = new ManualClock();
    relay = new RtpRelay({
      clock,
      random: new SeededRandom(99),
      bindAddress: "127.0.0.1",
      portRange: { min: 42000, max: 42999 },
    });
  });

  after(async () => {
    await relay.close();
    await Promise.all(sockets.map(closeSocket));
  });

  async function call(extraA: Partial<LegRemote> = {}, extraB: Partial<LegRemote> = {}) {
    const a = await peer();
    const b = await peer();
    const s = await relay.createSession();
    s.setRemote("a", remote(a, extraA));
    s.setRemote("b", remote(b, extraB));
    return { a, b, s };
  }

  it("relays both ways symmetrically, with each leg's own SSRC, continuous sequence and mapped payload types", async () => {
    const { a, b, s } = await call({}, { telephoneEvent: 96 });
    assert.equal(s.localPort("a") % 2, 0, "RTP on an even port");
    for (let i = 0; i < 10; i++) send(a, s.localPort("a"), { sequenceNumber: 500 + i, ssrc: 0xaaaa });
    send(a, s.localPort("a"), {
      sequenceNumber: 510,
      ssrc: 0xaaaa,
      payloadType: 101,
      payload: new Uint8Array(4),
    });
    for (let i = 0; i < 10; i++) send(b, s.localPort("b"), { sequenceNumber: 9 + i, ssrc: 0xbbbb });
    await until(() => b.received.length === 11 && a.received.length === 10, "both directions");
    for (const { packet, from } of b.received) {
      assert.equal(packet.ssrc, s.outboundSsrc("b"));
      assert.equal(from, s.localPort("b"), "symmetric: sent from the port B sends to");
    }
    assert.equal(b.received[10]!.packet.payloadType, 96, "telephone-event 101 → 96");
    const seqs = b.received.map((r) => r.packet.sequenceNumber);
    for (let i = 1; i < seqs.length; i++) assert.equal(seqDelta(seqs[i - 1]!, seqs[i]!), 1);
    assert.equal(a.received[0]!.packet.ssrc, s.outboundSsrc("a"));
    const st = s.stats();
    assert.equal(st.a.inbound.packets, 11);
    assert.equal(st.a.latched?.reason, "sdp");
    assert.equal(st.b.sentPackets, 11);
    await s.close();
  });

  it("RTP Bleed: a third party spraying the call's ports gets no media and moves no latch", async () => {
    const { a, b, s } = await call();
    const attackerFar = await peer("127.0.0.2");
    const attackerNear = await peer(); // same IP as the phones, another port
    const latched: string[] = [];
    const rejected: string[] = [];
    s.on("latched", (e) => latched.push(`${e.leg}:${e.address}:${e.port}`));
    s.on("rejected", (e) => rejected.push(`${e.leg}:${e.address}`));
    // The attackers spray both relay ports first (before any phone has sent anything), with
    // well-formed, perfectly continuous streams, and keep spraying during the call.
    const spray = (i: number) => {
      for (const atk of [attackerFar, attackerNear]) {
        for (const leg of ["a", "b"] as const) {
          send(atk, s.localPort(leg), {
            sequenceNumber: 7000 + i,
            ssrc: 0xbad,
            payload: new Uint8Array(160).fill(0x42),
          });
        }
      }
    };
    for (let i = 0; i < 20; i++) spray(i);
    for (let i = 0; i < 30; i++) {
      spray(20 + i);
      send(a, s.localPort("a"), { sequenceNumber: i, ssrc: 0xa1 });
      send(b, s.localPort("b"), { sequenceNumber: i, ssrc: 0xb1 });
    }
    await until(() => b.received.length === 30 && a.received.length === 30, "the legit streams");
    await settle();
    assert.equal(attackerFar.raw.length, 0, "no media forwarded to the far attacker");
    assert.equal(attackerNear.raw.length, 0, "no media forwarded to the near attacker");
    assert.ok(
      b.received.every((r) => r.packet.payload[0] === 0xff),
      "B hears only A",
    );
    assert.ok(
      a.received.every((r) => r.packet.payload[0] === 0xff),
      "A hears only B",
    );
    assert.deepEqual(latched.sort(), [`a:127.0.0.1:${a.port}`, `b:127.0.0.1:${b.port}`]);
    assert.ok(rejected.includes("a:127.0.0.2") && rejected.includes("b:127.0.0.2"));
    assert.ok(s.stats().a.rejected >= 100);
    await s.close();
  });

  it("survives garbage: random datagrams on every port, from the phone's own address too", async () => {
    const { a, b, s } = await call();
    const rnd = new SeededRandom(4475);
    const ports = [s.localPort("a"), s.localPort("a") + 1, s.localPort("b"), s.localPort("b") + 1];
    for (let i = 0; i < 400; i++) {
      const len = rnd.nextU32() % 80;
      const junk = Buffer.from(rnd.fill(new Uint8Array(len)));
      // Half of them look like RTP/RTCP version 2, to get past the first check.
      if (len > 0 && i % 2 === 0) junk[0] = 0x80 | (junk[0]! & 0x3f);
      a.socket.send(junk, ports[i % 4]!, "127.0.0.1");
    }
    // Comfort noise (PT 13) is not negotiated for B: accepted from A, not forwarded.
    send(a, s.localPort("a"), { sequenceNumber: 1, payloadType: 13, payload: new Uint8Array(1) });
    for (let i = 0; i < 5; i++) send(a, s.localPort("a"), { sequenceNumber: 2 + i, ssrc: 0xa1 });
    await until(
      () =>
        b.received.filter((r) => r.packet.ssrc === s.outboundSsrc("b") && r.packet.payload.length === 160)
          .length >= 5,
      "the real stream",
    );
    assert.ok(
      b.received.every((r) => r.packet.payloadType === 0 || r.packet.payloadType === 101),
      "only negotiated payload types reach B (no comfort noise, no junk types)",
    );
    await s.close();
  });

  it("NAT: latches to the phone's real source after probation, never to a sprayer from another IP", async () => {
    const a = await peer();
    const b = await peer();
    const attacker = await peer("127.0.0.2");
    const s = await relay.createSession();
    // A's SDP carries its private address (nothing listens there); its SIP came from 127.0.0.1.
    s.setRemote("a", {
      ...remote(a),
      address: "127.0.0.3",
      port: 9,
      natLatching: true,
      signallingAddress: "127.0.0.1",
    });
    s.setRemote("b", remote(b));
    for (let i = 0; i < 10; i++) send(attacker, s.localPort("a"), { sequenceNumber: 100 + i, ssrc: 0xbad });
    await settle();
    for (let i = 0; i < 10; i++) send(a, s.localPort("a"), { sequenceNumber: 40 + i, ssrc: 0xa1 });
    await until(() => b.received.length === 8, "A's stream after probation");
    assert.equal(s.stats().a.latched?.port, a.port);
    // B's media now reaches A at its real (NATed) source, and not the attacker.
    for (let i = 0; i < 5; i++) send(b, s.localPort("b"), { sequenceNumber: i, ssrc: 0xb1 });
    await until(() => a.received.length === 5, "B's stream at A's latched address");
    await settle();
    assert.equal(attacker.raw.length, 0);
    assert.equal(b.received.length, 8, "the two probation packets were dropped, nothing from the attacker");
    await s.close();
  });

  it("re-INVITE: the phone moves to a new port; the latch follows the SDP and B's stream stays continuous", async () => {
    const { a, b, s } = await call();
    for (let i = 0; i < 5; i++) send(a, s.localPort("a"), { sequenceNumber: 100 + i, ssrc: 0xa1 });
    await until(() => b.received.length === 5, "first stream");
    const moved = await peer();
    s.setRemote("a", remote(moved));
    // The old port keeps sending (a late packet of the old stream): no longer accepted.
    send(a, s.localPort("a"), { sequenceNumber: 105, ssrc: 0xa1 });
    for (let i = 0; i < 5; i++) send(moved, s.localPort("a"), { sequenceNumber: 9000 + i, ssrc: 0xa2 });
    await until(() => b.received.length === 10, "stream from the new port");
    await settle();
    assert.equal(b.received.length, 10);
    const pk = b.received.map((r) => r.packet);
    for (let i = 1; i < pk.length; i++)
      assert.equal(seqDelta(pk[i - 1]!.sequenceNumber, pk[i]!.sequenceNumber), 1);
    assert.equal(s.stats().a.latched?.port, moved.port);
    // B's media now goes to the new port only.
    send(b, s.localPort("b"), { sequenceNumber: 1, ssrc: 0xb1 });
    await until(() => moved.received.length === 1, "B's packet at the new port");
    assert.equal(a.received.length, 0);
    await s.close();
  });

  it("transcodes µ-law to A-law between legs that negotiated different laws", async () => {
    const { a, b, s } = await call({}, { codec: { payloadType: 8, encoding: "PCMA" } });
    const tone = toneSamples({ frequencies: [1004], amplitude: 10000 }, 160 * 5);
    for (let i = 0; i < 5; i++) {
      send(a, s.localPort("a"), {
        sequenceNumber: i,
        payload: g711Encode("PCMU", tone.subarray(i * 160, (i + 1) * 160)),
      });
    }
    await until(() => b.received.length === 5, "transcoded packets");
    const out = new Int16Array(160 * 5);
    b.received.forEach((r, i) => {
      assert.equal(r.packet.payloadType, 8);
      out.set(g711Decode("PCMA", r.packet.payload), i * 160);
    });
    // Within one µ-law step plus half an A-law step of the original (G.711 tolerance).
    for (const [i, x] of tone.entries()) {
      assert.ok(Math.abs(out[i]! - x) <= (Math.abs(x) + 132) / 16 + Math.abs(x) / 32 + 10, `sample ${i}`);
    }
    await s.close();
  });

  it("music on hold: B's stream stays one continuous stream from relay to player and back", async () => {
    const { a, b, s } = await call();
    const sendA = async (from: number, n: number) => {
      for (let i = 0; i < n; i++) {
        send(a, s.localPort("a"), { sequenceNumber: from + i, timestamp: (from + i) * 160, ssrc: 0xa1 });
        clock.advance(20);
      }
    };
    await sendA(0, 5);
    await until(() => b.received.length === 5, "relayed audio");
    s.setMode("b", "local");
    const moh = new PromptPlayer({
      clock,
      random: new SeededRandom(5),
      law: "PCMU",
      samples: toneSamples({ frequencies: [440], amplitude: 3000 }, 800),
      loop: true,
      sink: (f) => s.sendLocal("b", f),
    });
    moh.start();
    await sendA(5, 10); // A keeps talking while B is on hold: not forwarded
    moh.stop();
    const held = 5 + moh.packetsSent;
    assert.ok(moh.packetsSent >= 10);
    await until(() => b.received.length === held, "music on hold");
    s.setMode("b", "relay");
    await sendA(15, 5);
    await until(() => b.received.length === held + 5, "relayed audio after resume");
    const pk = b.received.map((r) => r.packet);
    assert.ok(
      pk.every((p) => p.ssrc === s.outboundSsrc("b")),
      "one SSRC throughout",
    );
    for (let i = 1; i < pk.length; i++) {
      assert.equal(seqDelta(pk[i - 1]!.sequenceNumber, pk[i]!.sequenceNumber), 1, `seq at ${i}`);
      assert.ok(((pk[i]!.timestamp - pk[i - 1]!.timestamp) >>> 0) % 160 === 0, `timestamp at ${i}`);
    }
    assert.deepEqual(
      pk.map((p, i) => (p.marker ? i : -1)).filter((i) => i >= 0),
      [0, 5, held],
      "marker at each switch",
    );
    await s.close();
  });

  it("terminates RTCP: keeps the phone's report about our stream, ignores foreign RTCP", async () => {
    const { a, s } = await call();
    const rtcpEvents: number[] = [];
    s.on("rtcp", (e) => rtcpEvents.push(e.packets.length));
    const attacker = await peer("127.0.0.2");
    const report = {
      ssrc: s.outboundSsrc("a"),
      fractionLost: 12,
      cumulativeLost: 3,
      highestSequence: 99,
      jitter: 40,
      lastSr: 0,
      delaySinceLastSr: 0,
    };
    attacker.socket.send(
      encodeReport(0xbad, [{ ...report, fractionLost: 255 }]),
      s.localPort("a") + 1,
      "127.0.0.1",
    );
    a.socket.send(encodeReport(0xa1, [report]), s.localPort("a") + 1, "127.0.0.1");
    await until(() => rtcpEvents.length === 1, "the phone's RTCP");
    await settle();
    assert.equal(rtcpEvents.length, 1);
    assert.deepEqual(s.stats().a.remoteReport, report);
    await s.close();
  });

  it("reports a watched leg that stops sending, and watches again when media resumes", async () => {
    const { a, b, s } = await call();
    const events: string[] = [];
    s.on("inactive", (e) => events.push(`${e.leg}@${e.silentMs}`));
    s.watchInactivity("a", 10_000);
    s.watchInactivity("b", 10_000);
    s.watchInactivity("b", undefined); // B is on hold: not watched
    clock.advance(4000);
    send(a, s.localPort("a"), { sequenceNumber: 1 });
    await until(() => b.received.length === 1, "A's packet");
    clock.advance(9000);
    assert.deepEqual(events, [], "A sent 9 s ago");
    clock.advance(1000);
    assert.deepEqual(events, ["a@10000"]);
    clock.advance(30_000);
    assert.equal(events.length, 1, "reported once");
    send(a, s.localPort("a"), { sequenceNumber: 2 });
    await until(() => b.received.length === 2, "A's packet after the silence");
    clock.advance(10_000);
    assert.deepEqual(events, ["a@10000", "a@10000"]);
    await s.close();
    assert.equal(clock.pending, 0, "close cancels the watch timers");
  });

  it("records what a leg's phone says to a WAV file (the voicemail path)", async () => {
    const { a, s } = await call();
    const dir = mkdtempSync(join(tmpdir(), "pibx-vm-"));
    try {
      const rec = await WavRecorder.create(join(dir, "vm.wav"));
      s.on("rtp", (e) => {
        if (e.leg === "a" && e.packet.payloadType === 0) rec.write(g711Decode("PCMU", e.packet.payload));
      });
      const tone = toneSamples({ frequencies: [800], amplitude: 9000 }, 160 * 10);
      for (let i = 0; i < 10; i++) {
        send(a, s.localPort("a"), {
          sequenceNumber: i,
          payload: g711Encode("PCMU", tone.subarray(i * 160, (i + 1) * 160)),
        });
      }
      await until(() => rec.sampleCount === 1600, "ten frames recorded");
      await rec.close();
      const wav = parseWav(readFileSync(join(dir, "vm.wav")));
      assert.equal(wav.samples.length, 1600);
      assert.ok(goertzelAmplitude(wav.samples, 800) > 8500);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await s.close();
  });

  it("close() is idempotent, cascades to the sockets and returns the ports", async () => {
    const { s } = await call();
    const ports = [s.localPort("a"), s.localPort("a") + 1, s.localPort("b"), s.localPort("b") + 1];
    let closed = 0;
    s.on("closed", () => closed++);
    const before = relay.activeSessions;
    await Promise.all([s.close(), s.close()]);
    await s.close();
    assert.equal(closed, 1);
    assert.equal(relay.activeSessions, before - 1);
    assert.equal(
      s.sendLocal("a", {
        ssrc: 1,
        sequenceNumber: 1,
        timestamp: 1,
        marker: false,
        payload: new Uint8Array(160),
      }),
      false,
    );
    // The ports are free again: binding them succeeds.
    for (const port of ports) {
      const probe = createSocket("udp4");
      await new Promise<void>((resolve, reject) => {
        probe.once("error", reject);
        probe.bind({ port, address: "127.0.0.1", exclusive: true }, resolve);
      });
      await closeSocket(probe);
    }
  });

  it("runs out of ports with a typed error and recovers when a session closes", async () => {
    const small = new RtpRelay({
      clock,
      random: new SeededRandom(1),
      bindAddress: "127.0.0.1",
      portRange: { min: 43100, max: 43103 },
    });
    let s: MediaSession | undefined;
    try {
      s = await small.createSession();
      await assert.rejects(small.createSession(), PortRangeExhaustedError);
      assert.equal(small.allocatedPairs, 2);
      await s.close();
      assert.equal(small.allocatedPairs, 0);
      s = await small.createSession();
    } finally {
      await small.close();
    }
    assert.equal(small.activeSessions, 0);
  });
});
