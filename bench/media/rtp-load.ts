// The load generator, in its own process: for each call, an "A phone" and a "B phone" socket
// that each send 50 packets/s of PCMU (160 octets, 20 ms) towards the relay under test and
// receive what the relay forwards from the other one. The send time (performance.now(), same
// process for send and receive) is stamped in the payload, so each received packet gives the
// latency the relay added (plus two loopback hops).
import { createSocket, type Socket } from "node:dgram";
import { performance } from "node:perf_hooks";
import { serve } from "./ipc.ts";

const SLOTS = 20;
/** A packet later than this is useless to a phone (its jitter buffer has played past it). */
const LATE_MS = 100;
let sockets: Array<{ a: Socket; b: Socket }> = [];

function bind(): Promise<Socket> {
  return new Promise((resolve) => {
    const s = createSocket("udp4");
    s.bind(0, "127.0.0.1", () => {
      s.setRecvBufferSize(1 << 20);
      resolve(s);
    });
  });
}

interface Stream {
  socket: Socket;
  to: number;
  ssrc: number;
  seq: number;
}

async function run(targets: Array<{ a: number; b: number }>, warmupMs: number, measureMs: number) {
  const streams: Stream[] = [];
  targets.forEach((t, i) => {
    streams.push({ socket: sockets[i]!.a, to: t.a, ssrc: 2 * i + 1, seq: 0 });
    streams.push({ socket: sockets[i]!.b, to: t.b, ssrc: 2 * i + 2, seq: 0 });
  });
  const start = performance.now() + 20;
  const measureStart = start + warmupMs;
  const measureEnd = measureStart + measureMs;
  let sent = 0;
  let received = 0;
  let late = 0;
  let stray = 0;
  let lastArrival = 0;
  const latencies = new Float64Array(Math.ceil((streams.length * measureMs) / 20) + 16);
  let nLat = 0;
  for (const { a, b } of sockets) {
    for (const s of [a, b]) {
      s.on("message", (msg) => {
        if (msg.length < 20) {
          stray++;
          return;
        }
        const stamp = msg.readDoubleLE(12);
        const now = performance.now();
        lastArrival = now;
        if (stamp < measureStart || stamp >= measureEnd) return;
        received++;
        const latency = now - stamp;
        if (latency > LATE_MS) late++;
        if (nLat < latencies.length) latencies[nLat++] = latency;
      });
    }
  }
  // Streams are spread over 20 phases of the 20 ms period, so the load is smooth, not bursty.
  const slots: Stream[][] = Array.from({ length: SLOTS }, () => []);
  for (const [i, s] of streams.entries()) slots[i % SLOTS]!.push(s);
  const due = Array.from({ length: SLOTS }, (_, k) => start + k);
  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = performance.now();
      let next = Number.POSITIVE_INFINITY;
      for (let k = 0; k < SLOTS; k++) {
        while (due[k]! <= now && due[k]! < measureEnd) {
          for (const st of slots[k]!) {
            const buf = Buffer.allocUnsafe(172);
            buf[0] = 0x80;
            buf[1] = 0;
            buf.writeUInt16BE(st.seq & 0xffff, 2);
            buf.writeUInt32BE((st.seq * 160) >>> 0, 4);
            buf.writeUInt32BE(st.ssrc, 8);
            const stamp = performance.now();
            buf.writeDoubleLE(stamp, 12);
            buf.fill(0xff, 20);
            st.seq++;
            st.socket.send(buf, st.to, "127.0.0.1");
            if (stamp >= measureStart && stamp < measureEnd) sent++;
          }
          due[k]! += 20;
        }
        if (due[k]! < measureEnd) next = Math.min(next, due[k]!);
      }
      if (next === Number.POSITIVE_INFINITY) resolve();
      else setTimeout(pump, Math.max(0, next - performance.now()));
    };
    pump();
  });
  // Let the last packets come back: until nothing arrived for 300 ms, at most 3 s.
  const drainEnd = performance.now() + 3000;
  while (performance.now() < drainEnd && performance.now() - lastArrival < 300) {
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const { a, b } of sockets) {
    a.removeAllListeners("message");
    b.removeAllListeners("message");
  }
  const lat = latencies.subarray(0, nLat).sort();
  const pct = (p: number) => (nLat ? lat[Math.min(nLat - 1, Math.floor(p * nLat))]! : Number.NaN);
  return {
    sent,
    received,
    late,
    stray,
    p50: pct(0.5),
    p99: pct(0.99),
    max: nLat ? lat[nLat - 1]! : Number.NaN,
  };
}

serve(async (m) => {
  switch (m.cmd) {
    case "open": {
      const n = m.calls as number;
      sockets = [];
      for (let i = 0; i < n; i++) sockets.push({ a: await bind(), b: await bind() });
      return { ports: sockets.map((s) => ({ a: s.a.address().port, b: s.b.address().port })) };
    }
    case "run":
      return await run(
        m.targets as Array<{ a: number; b: number }>,
        m.warmupMs as number,
        m.measureMs as number,
      );
    case "close":
      await Promise.all(
        sockets.flatMap((s) => [s.a, s.b]).map((s) => new Promise<void>((r) => s.close(() => r()))),
      );
      sockets = [];
      return {};
    case "cpu":
      return { cpu: process.cpuUsage() };
    case "exit":
      setImmediate(() => process.exit(0));
      return {};
    default:
      throw new Error(`unknown command ${m.cmd}`);
  }
});
