// npm run bench:register — REGISTER + digest throughput and p99 latency of the appliance (the
// bundle, durable file-backed bindings) and, in the same run, of Kamailio from Debian as an
// authenticating registrar (usrloc in memory), same users, same load, on loopback.
//   options: --users N (200) --concurrency C (32) --seconds S (10) --warmup S (2)
//            --kamailio-children K (2) --algorithm MD5|SHA-256 (MD5: what Kamailio also does)
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startApplianceProcess } from "../../test/appliance/helpers/appliance-process.ts";
import { freePort } from "../../test/appliance/helpers/free-port.ts";
import { UdpPeer } from "../../test/appliance/helpers/udp-peer.ts";
import { renderKamailioConfig } from "./kamailio-config.ts";
import { type LoadResult, runLoad } from "./load-generator.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const REALM = "pibx.test";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`--${name} must be a positive number`);
  return v;
}

const users = Array.from({ length: arg("users", 200) }, (_, i) => ({
  user: String(10000 + i),
  password: `bench-pw-${10000 + i}`,
}));
const concurrency = arg("concurrency", 32);
const seconds = Math.min(arg("seconds", 10), 120);
const warmup = Math.min(arg("warmup", 2), 30);
const children = arg("kamailio-children", 2);
const algIdx = process.argv.indexOf("--algorithm");
const algorithm = algIdx >= 0 && process.argv[algIdx + 1] === "SHA-256" ? "SHA-256" : "MD5";

async function benchAppliance(dir: string): Promise<LoadResult> {
  const build = spawnSync("npm", ["run", "-s", "build:appliance"], { cwd: ROOT, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}`);
  const stateDir = join(dir, "appliance-state");
  mkdirSync(stateDir, { recursive: true });
  const config = {
    version: 1,
    site: { name: "bench", domain: REALM },
    sip: { listen: "127.0.0.1", udp: { enabled: true, port: 0 }, tcp: { enabled: false } },
    extensions: users.map((u) => ({ number: u.user, password: u.password })),
    registrar: { minExpires: 10, maxExpires: 3600, defaultExpires: 600 },
    // The rate limiter stays in the path, with limits no single load source can reach.
    protection: { requestsPerSecond: 100000, burst: 100000, floodDropsBeforeBan: 1000000 },
    stateDir,
    // "appliance ready" is logged at info; under this load nothing else is.
    log: { level: "info" },
  };
  const configPath = join(dir, "appliance.json");
  writeFileSync(configPath, JSON.stringify(config), { mode: 0o600 });
  const app = await startApplianceProcess({ configPath, bundle: join(ROOT, "dist/appliance.mjs") });
  try {
    return await runLoad({
      port: app.udpPort,
      realm: REALM,
      users,
      concurrency,
      warmupMs: warmup * 1000,
      durationMs: seconds * 1000,
      algorithm,
      label: "pibx",
    });
  } finally {
    await app.stop();
  }
}

async function benchKamailio(dir: string): Promise<LoadResult> {
  const port = await freePort();
  const cfg = join(dir, "kamailio.cfg");
  const runtime = join(dir, "kamailio-run");
  mkdirSync(runtime, { recursive: true });
  writeFileSync(cfg, renderKamailioConfig({ port, realm: REALM, users, children }), { mode: 0o600 });
  const child = spawn("kamailio", ["-f", cfg, "-DD", "-E", "-Y", runtime, "-m", "64", "-M", "8"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  try {
    // Ready when it answers OPTIONS (bounded: 10 s).
    const peer = await UdpPeer.bind();
    let ready = false;
    for (let i = 0; i < 50 && !ready; i++) {
      const callId = `kready-${i}`;
      peer.send(
        `OPTIONS sip:${REALM} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bKk${i}\r\nMax-Forwards: 70\r\nFrom: <sip:b@${REALM}>;tag=1\r\nTo: <sip:${REALM}>\r\nCall-ID: ${callId}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`,
        port,
      );
      ready = (await peer.waitFor((r) => r.text.includes(callId), 200)) !== undefined;
    }
    peer.close();
    if (!ready) throw new Error(`kamailio did not start:\n${log.slice(-2000)}`);
    return await runLoad({
      port,
      realm: REALM,
      users,
      concurrency,
      warmupMs: warmup * 1000,
      durationMs: seconds * 1000,
      algorithm: "MD5",
      label: "kamailio",
    });
  } finally {
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(t);
  }
}

function row(r: LoadResult): string {
  return [
    r.label.padEnd(9),
    r.flowsPerSecond.toFixed(0).padStart(9),
    r.requestsPerSecond.toFixed(0).padStart(9),
    r.p50Ms.toFixed(2).padStart(8),
    r.p99Ms.toFixed(2).padStart(8),
    r.maxMs.toFixed(2).padStart(8),
    String(r.failures).padStart(8),
    String(r.retransmissions).padStart(7),
  ].join("  ");
}

const dir = mkdtempSync(join(tmpdir(), "pibx-bench-register-"));
try {
  console.log(
    `REGISTER+digest: ${users.length} users, ${concurrency} concurrent flows, ${warmup}s warm-up + ${seconds}s measured, loopback UDP, appliance answers ${algorithm}`,
  );
  const pibx = await benchAppliance(dir);
  const kamailio = await benchKamailio(dir);
  console.log(
    ["target   ", "  flows/s", "   reqs/s", " p50 ms", "  p99 ms", "  max ms", "failures", " retx"].join(
      "  ",
    ),
  );
  console.log(row(pibx));
  console.log(row(kamailio));
  console.log(
    `ratio pibx/kamailio: throughput ${(pibx.flowsPerSecond / kamailio.flowsPerSecond).toFixed(2)}x, p99 ${(pibx.p99Ms / kamailio.p99Ms).toFixed(2)}x`,
  );
  for (const r of [pibx, kamailio]) if (r.failures > 0) console.log(`${r.label} failures:`, r.failureReasons);
  if (pibx.failures > 0 || kamailio.failures > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
