// npm run bench:media — how many relayed G.711 calls the pibx relay sustains on this machine,
// and what it costs, side by side with Debian's rtpengine (userspace forwarding, no kernel
// module) relaying the same streams. Each relay runs in its own process; the load comes from a
// third one (rtp-load.ts). Steps up the call count, ~7 s per step (a failed step is retried
// once), and stops a relay after two failed steps. A step is sustained when no packet is lost
// and at most 1% arrive later than 100 ms (p99 ≤ 100 ms): a packet that late is discarded by
// the phone's jitter buffer anyway, and a relay that cannot keep up shows first as a queue that
// grows, long before the kernel drops anything.
// Environment: BENCH_CALLS=50,100,… BENCH_MEASURE_MS=5000 BENCH_SKIP_RTPENGINE=1 BENCH_PROF=<dir>.
import { type ChildProcess, execFileSync, fork, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { rpc } from "./ipc.ts";
import { mediaPort, NgClient, sdpFor } from "./ng-client.ts";

const STEPS = (process.env.BENCH_CALLS ?? "50,100,200,300,400,500,650").split(",").map(Number);
const WARMUP_MS = 1000;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 5000);
const NG_PORT = 22222 + (process.pid % 1000);
const here = new URL(".", import.meta.url).pathname;

type Ports = Array<{ a: number; b: number }>;
interface LoadResult {
  sent: number;
  received: number;
  late: number;
  stray: number;
  p50: number;
  p99: number;
  max: number;
}
interface Row {
  calls: number;
  lossPct: number;
  /** Delivered later than 100 ms. */
  latePct: number;
  sustained: boolean;
  relayDrops: number;
  loadDrops: number;
  p50: number;
  p99: number;
  /** Share of one core used by the relay during the measurement window. */
  core: number;
  loadCore: number;
}

interface RelayUnderTest {
  name: string;
  setup(endpoints: Ports, step: number): Promise<Ports>;
  cpuMs(): Promise<number>;
  teardown(step: number, n: number): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const children: ChildProcess[] = [];

function forkTs(file: string): ChildProcess {
  const c = fork(here + file, [], {
    // BENCH_PROF=<dir> writes a CPU profile of the pibx relay process there.
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_PROF && file === "pibx-relay.ts"
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROF}`]
        : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.push(c);
  return c;
}

/** Resolves when the child has exited (or after 3 s; the final cleanup kills it then). */
function exited(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(resolve, 3000);
    c.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** Receive-buffer drops per local UDP port, from /proc/net/udp (last column). */
function udpDrops(): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of readFileSync("/proc/net/udp", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 13) continue;
    const port = Number.parseInt(f[1]!.split(":")[1]!, 16);
    out.set(port, (out.get(port) ?? 0) + Number(f[f.length - 1]));
  }
  return out;
}

const sumDrops = (drops: Map<number, number>, ports: number[]) =>
  ports.reduce((s, p) => s + (drops.get(p) ?? 0), 0);

function pibxRelay(): RelayUnderTest & { close(): Promise<void> } {
  const child = forkTs("pibx-relay.ts");
  const call = rpc(child);
  return {
    name: "pibx",
    async setup(endpoints) {
      return (await call<{ ports: Ports }>("setup", { calls: endpoints })).ports;
    },
    async cpuMs() {
      const { cpu } = await call<{ cpu: { user: number; system: number } }>("cpu");
      return (cpu.user + cpu.system) / 1000;
    },
    async teardown() {
      await call("teardown");
    },
    async close() {
      await call("exit");
      await exited(child);
    },
  };
}

async function rtpengineRelay(): Promise<RelayUnderTest & { close(): Promise<void> }> {
  // Userspace only (--table=-1: no kernel forwarding), one worker thread like Node's one loop.
  const proc = spawn(
    "rtpengine",
    [
      "--config-file=none",
      "--table=-1",
      "--interface=127.0.0.1",
      `--listen-ng=127.0.0.1:${NG_PORT}`,
      "--port-min=30000",
      "--port-max=39999",
      "--foreground",
      "--log-stderr",
      "--log-level=3",
      "--num-threads=1",
      "--delete-delay=0",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  children.push(proc);
  // rtpengine logs each receive-queue overflow; count them instead of flooding the report.
  let overflowLogs = 0;
  proc.stderr?.on("data", (d: Buffer) => {
    overflowLogs += d.toString().split("Too many packets").length - 1;
  });
  const ng = new NgClient(NG_PORT);
  for (let i = 0; ; i++) {
    try {
      await ng.command({ command: "ping" }, 300);
      break;
    } catch (err) {
      if (i > 30) throw err;
      await sleep(100);
    }
  }
  const tck = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  return {
    name: "rtpengine",
    async setup(endpoints, step) {
      const out: Ports = [];
      for (const [i, e] of endpoints.entries()) {
        const callId = `bench-${step}-${i}`;
        // RFC 3264 through rtpengine: its offer reply is what B is told (B sends there), its
        // answer reply is what A is told (A sends there).
        const offer = await ng.command({
          command: "offer",
          "call-id": callId,
          "from-tag": `a${i}`,
          sdp: sdpFor(e.a, i),
          ICE: "remove",
        });
        const answer = await ng.command({
          command: "answer",
          "call-id": callId,
          "from-tag": `a${i}`,
          "to-tag": `b${i}`,
          sdp: sdpFor(e.b, i),
          ICE: "remove",
        });
        out.push({ a: mediaPort(answer.sdp), b: mediaPort(offer.sdp) });
      }
      return out;
    },
    async cpuMs() {
      const f = readFileSync(`/proc/${proc.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      // Fields 14 and 15 (utime, stime) are the 12th and 13th after the command name.
      return ((Number(f[11]) + Number(f[12])) * 1000) / tck;
    },
    async teardown(step, n) {
      for (let i = 0; i < n; i++)
        await ng.command({ command: "delete", "call-id": `bench-${step}-${i}`, "from-tag": `a${i}` });
    },
    async close() {
      await ng.close();
      proc.kill("SIGTERM");
      if (overflowLogs) console.log(`  (rtpengine logged ${overflowLogs} receive-queue overflows)`);
    },
  };
}

async function runStep(
  relay: RelayUnderTest,
  load: ReturnType<typeof rpc>,
  calls: number,
  step: number,
): Promise<Row> {
  const { ports: endpoints } = await load<{ ports: Ports }>("open", { calls });
  const targets = await relay.setup(endpoints, step);
  const running = load<LoadResult>("run", { targets, warmupMs: WARMUP_MS, measureMs: MEASURE_MS });
  await sleep(WARMUP_MS + 20);
  const cpu0 = await relay.cpuMs();
  const lcpu0 = (await load<{ cpu: { user: number; system: number } }>("cpu")).cpu;
  const t0 = performance.now();
  await sleep(MEASURE_MS);
  const cpu1 = await relay.cpuMs();
  const lcpu1 = (await load<{ cpu: { user: number; system: number } }>("cpu")).cpu;
  const elapsed = performance.now() - t0;
  const r = await running;
  const drops = udpDrops();
  const relayPorts = targets.flatMap((t) => [t.a, t.b]);
  const loadPorts = endpoints.flatMap((t) => [t.a, t.b]);
  await relay.teardown(step, calls);
  await load("close");
  const lossPct = r.sent ? (100 * (r.sent - r.received)) / r.sent : 100;
  const latePct = r.sent ? (100 * r.late) / r.sent : 100;
  return {
    calls,
    lossPct,
    latePct,
    sustained: lossPct === 0 && latePct <= 1,
    relayDrops: sumDrops(drops, relayPorts),
    loadDrops: sumDrops(drops, loadPorts),
    p50: r.p50,
    p99: r.p99,
    core: (cpu1 - cpu0) / elapsed,
    loadCore: (lcpu1.user + lcpu1.system - lcpu0.user - lcpu0.system) / 1000 / elapsed,
  };
}

async function main(): Promise<void> {
  const began = performance.now();
  console.log(
    `bench:media — ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}; ` +
      `G.711 20 ms, 50 pkt/s each way per call; steps ${STEPS.join(", ")} calls; ${MEASURE_MS / 1000} s per step; ` +
      `load average ${loadavg()[0]!.toFixed(2)}`,
  );
  const load = rpc(forkTs("rtp-load.ts"));
  const results = new Map<string, Row[]>();
  const relays: Array<() => Promise<RelayUnderTest & { close(): Promise<void> }>> = [async () => pibxRelay()];
  const haveRtpengine = spawnSync("rtpengine", ["--version"]).status === 0;
  if (!haveRtpengine)
    console.log("  (rtpengine not installed: apt-get install rtpengine-daemon; comparing nothing)");
  if (!process.env.BENCH_SKIP_RTPENGINE && haveRtpengine) relays.push(rtpengineRelay);
  let step = 0;
  for (const make of relays) {
    const relay = await make();
    const rows: Row[] = [];
    results.set(relay.name, rows);
    let lossy = 0;
    for (const calls of STEPS) {
      let row = await runStep(relay, load, calls, step++);
      print(relay.name, row);
      if (!row.sustained) {
        // The machine is shared: a failed step is run once more, so one stall of another
        // process does not decide the figure. The better of the two attempts counts.
        const again = await runStep(relay, load, calls, step++);
        print(relay.name, again, "retry");
        if (again.sustained || again.latePct + again.lossPct < row.latePct + row.lossPct) row = again;
      }
      rows.push(row);
      if (!row.sustained) lossy++;
      else lossy = 0;
      if (lossy >= 2) break;
    }
    await relay.close();
  }
  await load("exit");
  await Promise.all(children.map(exited));
  report(results);
  console.log(
    `(total ${((performance.now() - began) / 1000).toFixed(0)} s, load average now ${loadavg()[0]!.toFixed(2)})`,
  );
}

function print(name: string, row: Row, note = ""): void {
  console.log(
    `  ${name.padEnd(9)} ${String(row.calls).padStart(4)} calls: ${row.sustained ? "ok  " : "FAIL"} ` +
      `loss ${row.lossPct.toFixed(3)}% late ${row.latePct.toFixed(2)}% ` +
      `(drops relay ${row.relayDrops}, load ${row.loadDrops}), latency p50 ${row.p50.toFixed(3)} ms ` +
      `p99 ${row.p99.toFixed(3)} ms, relay CPU ${(100 * row.core).toFixed(1)}% of a core, ` +
      `load generator ${(100 * row.loadCore).toFixed(0)}%${note ? ` (${note})` : ""}`,
  );
}

function report(results: Map<string, Row[]>): void {
  const p = results.get("pibx") ?? [];
  const r = results.get("rtpengine") ?? [];
  const cell = (x: Row | undefined) =>
    x
      ? `${x.sustained ? " " : "✗"}${x.lossPct.toFixed(2).padStart(6)} ${x.latePct.toFixed(2).padStart(6)} ${x.p50
          .toFixed(2)
          .padStart(7)} ${x.p99.toFixed(2).padStart(8)} ${((100 * x.core) / x.calls).toFixed(3).padStart(7)}`
      : `${"—".padStart(7)}${" ".repeat(33)}`;
  console.log("\n         pibx relay                                 rtpengine (userspace, 1 thread)");
  console.log(" calls   loss%  late%  p50 ms   p99 ms %core/c    loss%  late%  p50 ms   p99 ms %core/c");
  const all = [...new Set([...p, ...r].map((x) => x.calls))].sort((a, b) => a - b);
  for (const c of all) {
    console.log(
      ` ${String(c).padStart(5)} ${cell(p.find((x) => x.calls === c))}  ${cell(r.find((x) => x.calls === c))}`,
    );
  }
  const best = (rows: Row[]) => rows.filter((x) => x.sustained).reduce((m, x) => Math.max(m, x.calls), 0);
  const bp = best(p);
  const br = best(r);
  console.log(
    `\nmax sustained calls (0% loss, p99 ≤ 100 ms), among the steps tried: pibx ${bp}, rtpengine ${r.length ? br : "n/a"}`,
  );
  if (bp && br) {
    const capped = (rows: Row[]) => rows.at(-1)?.sustained && rows.at(-1)?.calls === STEPS.at(-1);
    console.log(
      `ratio pibx/rtpengine: ${(bp / br).toFixed(2)}${capped(p) || capped(r) ? " (capped by the top step)" : ""}`,
    );
  }
  // CPU per call is the figure least disturbed by other load on the machine. It falls as the
  // call count grows (more packets per event-loop wake-up), so the two relays are compared at
  // the same call count: the largest one both sustained. One core divided by it is an upper
  // bound on the calls a dedicated core could relay.
  const common = p.filter((x) => x.sustained && r.some((y) => y.calls === x.calls && y.sustained)).at(-1);
  const line = (name: string, x: Row) => {
    const pct = (100 * x.core) / x.calls;
    console.log(
      `${name.padEnd(9)} CPU per call ${pct.toFixed(3)}% of a core at ${x.calls} calls → ~${Math.floor(100 / pct)} calls per dedicated core`,
    );
  };
  if (common) {
    const y = r.find((z) => z.calls === common.calls)!;
    line("pibx", common);
    line("rtpengine", y);
    console.log(
      `CPU per call ratio pibx/rtpengine at ${common.calls} calls: ${(common.core / y.core).toFixed(2)}`,
    );
  } else {
    const lastOk = (rows: Row[]) => rows.filter((x) => x.sustained).at(-1);
    const a = lastOk(p);
    const b = lastOk(r);
    if (a) line("pibx", a);
    if (b) line("rtpengine", b);
  }
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
  });
