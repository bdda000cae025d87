// The real engine on the virtual lab (test/lab), under the lab lock: a stack on
// examples/virtual-lab/lab.yaml, as written, with `pibx:convergeRouters true` runs `pulumi up` from
// the lab LAN (the pi's namespace, where an operator's laptop would sit). Then, checked from the lab:
// the desk phone's DHCP lease carries options 66/150/160; the lab LAN reaches the internet side
// through both NATs; miniupnpd lists pibx's mappings toward the lab router, and the trunk's SIP port
// and an RTP port reach the pi from the internet side; `pulumi up --expect-no-changes` passes; and
// `pulumi destroy` leaves both routers exactly as they were before (nft rulesets, qdiscs, routes,
// dnsmasq and pibx's files, UPnP mappings and miniupnpd's leases). Durations are reported as test
// diagnostics.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { sshFingerprint } from "../../infra/router/linux/ssh-runner.ts";
import {
  acquireLabLock,
  addressOf,
  DEFAULT_RUN_DIR,
  down,
  listenUdp,
  netnsOf,
  releaseLabLock,
  sendUdp,
  sshKeyPaths,
  up,
  waitForDhcpLease,
} from "../lab/index.ts";
import { inNetns, run } from "../lab/shell.ts";
import { pulumiEnv, repoRoot } from "../pulumi/pulumi-cli.ts";
import {
  type RouterSnapshot,
  snapshotLabRouter,
  snapshotRouters,
  upnpDnatRules,
  upnpMappings,
} from "./router-snapshot.ts";

const isRoot = process.getuid?.() === 0;
const skip = !isRoot ? "needs root" : false;

/** Where `pulumi` runs: the lab LAN, as an operator's machine would. */
const OPERATOR_NETNS = netnsOf("pi");
const STACK = "routers";
/** pibx's files on the lab router: in the run directory (the namespace shares the host's disk). */
const PIBX_DIR = join(DEFAULT_RUN_DIR, "lab-router", "pibx");
const PATHS = {
  configDir: join(PIBX_DIR, "etc"),
  runDir: join(PIBX_DIR, "run"),
  stateDir: join(PIBX_DIR, "lib"),
};

function hostKeyPin(knownHosts: string, address: string): string {
  const line = readFileSync(knownHosts, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${address} `));
  if (!line) throw new Error(`no host key for ${address} in ${knownHosts}`);
  return sshFingerprint(Buffer.from(line.split(" ")[2]!, "base64"));
}

interface PulumiRun {
  code: number;
  output: string;
  seconds: number;
}

describe("pulumi up/destroy converges the virtual lab's routers (real engine)", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-pulumi-routers-"));
  const projectDir = join(dir, "project");
  const env: NodeJS.ProcessEnv = {
    ...pulumiEnv(),
    PULUMI_BACKEND_URL: `file://${join(dir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: randomBytes(16).toString("hex"),
    NO_COLOR: "1",
  };
  let before_: RouterSnapshot | undefined;
  let destroyed = false;
  let stackMade = false;

  async function pulumi(args: string[], input?: string): Promise<PulumiRun> {
    const started = Date.now();
    const r = await run(
      inNetns(OPERATOR_NETNS, ["pulumi", ...args, "--stack", STACK, "--non-interactive", "--color=never"]),
      { cwd: projectDir, env, timeoutMs: 900_000, ...(input !== undefined ? { input } : {}) },
    );
    return { code: r.code, output: `${r.stdout}${r.stderr}`, seconds: (Date.now() - started) / 1000 };
  }

  async function mustPulumi(args: string[], input?: string): Promise<PulumiRun> {
    const r = await pulumi(args, input);
    assert.equal(r.code, 0, `pulumi ${args.join(" ")} exited with ${r.code}:\n${r.output}`);
    return r;
  }

  before(async () => {
    await acquireLabLock(900_000);
    await up({ lockWaitMs: 900_000 });
    before_ = await snapshotRouters(Object.values(PATHS));
    // A project of its own (the repository's Pulumi.yaml, paths made absolute), state in `dir`.
    mkdirSync(projectDir, { recursive: true });
    mkdirSync(join(dir, "state"));
    const project = parse(readFileSync(join(repoRoot, "Pulumi.yaml"), "utf8")) as Record<string, unknown> & {
      main: string;
      plugins: Record<string, Array<{ path: string }>>;
    };
    project.main = join(repoRoot, project.main);
    for (const list of Object.values(project.plugins)) for (const p of list) p.path = join(repoRoot, p.path);
    writeFileSync(join(projectDir, "Pulumi.yaml"), stringify(project));
    const init = await run(inNetns(OPERATOR_NETNS, ["pulumi", "stack", "init", STACK, "--non-interactive"]), {
      cwd: projectDir,
      env,
      timeoutMs: 120_000,
    });
    assert.equal(init.code, 0, init.stderr);
    stackMade = true;
    const keys = sshKeyPaths(DEFAULT_RUN_DIR);
    const plain: Record<string, string> = {
      lab: "examples/virtual-lab/lab.yaml",
      convergeRouters: "true",
      routerHostKey: hostKeyPin(keys.knownHosts, "172.16.0.1"),
      // The lab's kernel has no fq_codel.
      routerLinux: JSON.stringify({ paths: PATHS, fairQueueQdisc: "pfifo" }),
    };
    for (const [k, v] of Object.entries(plain)) await mustPulumi(["config", "set", `pibx:${k}`, v]);
    // Secrets on stdin: never on a command line.
    await mustPulumi(["config", "set", "--secret", "pibx:routerKey"], readFileSync(keys.privateKey, "utf8"));
    await mustPulumi(["config", "set", "--secret", "pibx:trunkPassword"], randomBytes(12).toString("hex"));
  });

  after(async () => {
    try {
      if (stackMade && !destroyed) await pulumi(["destroy", "--yes", "--skip-preview"]);
      if (stackMade) await pulumi(["stack", "rm", "--yes", "--force"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await down().finally(() => releaseLabLock());
    }
  });

  it("`pulumi up` converges the lab router and opens the home router's forwards", async (t) => {
    const r = await mustPulumi(["up", "--yes", "--skip-preview"]);
    t.diagnostic(`pulumi up (create): ${r.seconds.toFixed(1)} s`);
    assert.match(r.output, /pibx:router:LabRouter/);
    assert.match(r.output, /pibx:router:HomeRouterForwards/);
    const outputs = JSON.parse((await mustPulumi(["stack", "output", "routers", "--json"])).output) as {
      labRouterOutsideAddress: string;
      homeForwardsTo: string;
    };
    // The lab router reports the address on its outside interface; the home router forwards there.
    assert.equal(outputs.labRouterOutsideAddress, "192.168.1.2");
    assert.equal(outputs.homeForwardsTo, "192.168.1.2");
    // Something did change (so the comparison after `destroy` can fail): every piece of the router.
    const converged = await snapshotLabRouter(Object.values(PATHS));
    for (const piece of ["nft", "qdiscs", "classes", "dnsmasq", "files"])
      assert.notEqual(converged[piece], before_!.labRouter[piece], piece);
  });

  it("the desk phone's lease carries options 66/150/160 as the lab implies", async () => {
    const lease = await waitForDhcpLease(30_000);
    assert.ok(lease, "no lease within 30 s");
    assert.equal(lease.router, "172.16.0.1");
    assert.equal(lease.tftpServerName, "172.16.0.10");
    assert.deepEqual(lease.ciscoTftp, ["172.16.0.10"]);
    assert.equal(lease.provisioningUrl, "http://172.16.0.10/prov/$PN/$MA.xml");
  });

  it("the lab LAN reaches the internet side through both NATs", async () => {
    const got = await listenUdp("pstn", addressOf("pstn"), 7100, 8000);
    await sendUdp("pi", addressOf("pstn"), 7100, "hello from the lab LAN");
    const d = await got.received;
    assert.deepEqual(d && [d.from, d.payload], ["203.0.113.2", "hello from the lab LAN"]);
  });

  it("miniupnpd lists pibx's mappings, and SIP and RTP reach the pi from the internet side", async () => {
    const mappings = upnpMappings();
    // SIP over UDP and TCP, and one mapping per RTP port (10000-10199), all to the lab router.
    assert.equal(mappings.length, 202, mappings.join("\n"));
    assert.ok(
      mappings.every((m) => /^(UDP|TCP) (\d+)->192\.168\.1\.2:\2 pibx: /.test(m)),
      mappings.join("\n"),
    );
    assert.ok(mappings.includes("TCP 5060->192.168.1.2:5060 pibx: SIP over TCP"));
    assert.equal((await upnpDnatRules()).length, 202);
    for (const port of [5060, 10123]) {
      const got = await listenUdp("pi", addressOf("pi"), port, 8000);
      await sendUdp("pstn", "203.0.113.2", port, `probe ${port}`);
      const d = await got.received;
      assert.deepEqual(d && [d.from, d.payload], [addressOf("pstn"), `probe ${port}`], `UDP ${port}`);
    }
  });

  it("a second `pulumi up` changes nothing", async (t) => {
    const r = await mustPulumi(["up", "--yes", "--expect-no-changes", "--skip-preview"]);
    t.diagnostic(`pulumi up (no changes): ${r.seconds.toFixed(1)} s`);
  });

  it("`pulumi destroy` leaves both routers exactly as they were before", async (t) => {
    const r = await mustPulumi(["destroy", "--yes", "--skip-preview"]);
    destroyed = true;
    t.diagnostic(`pulumi destroy: ${r.seconds.toFixed(1)} s`);
    const afterDestroy = await snapshotRouters(Object.values(PATHS));
    assert.deepEqual(afterDestroy.labRouter, before_!.labRouter);
    assert.deepEqual(afterDestroy.homeRouter, before_!.homeRouter);
  });
});
