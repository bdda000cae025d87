// The Linux backend against a real router: a `pibxr-*` namespace running sshd, converged over SSH
// with the virtual lab's intent; a second run plans nothing; a real dhclient gets options
// 66/150/160; NAT, the port forward and the DSCP marks work on the wire; a hand-made change is
// noticed and reverted while a foreign table stays; removal leaves the router as it was.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  applyLinuxPlan,
  convergeLinux,
  readForPlan,
  stateDevices,
} from "../../infra/router/linux/apply-linux.ts";
import type { LinuxDesiredState } from "../../infra/router/linux/linux-desired-state.ts";
import { describeLinuxPlan } from "../../infra/router/linux/linux-plan.ts";
import { baselineOf, planLinuxRemoval } from "../../infra/router/linux/plan-linux.ts";
import { readLinuxState } from "../../infra/router/linux/read-linux-state.ts";
import { renderLinux } from "../../infra/router/linux/render-linux.ts";
import { SshRunner } from "../../infra/router/linux/ssh-runner.ts";
import { virtualLabIntent } from "../../infra/router/linux/testdata/virtual-lab-intent.ts";
import { startDhcpProbe } from "./dhcp-probe.ts";
import { inNs, must, NamespaceSet, run } from "./netns.ts";
import { startTestSshd, type TestSshd } from "./test-sshd.ts";
import { captureDscp, listenUdp, sendUdp } from "./udp-probe.ts";

const isRoot = process.getuid?.() === 0;

describe("Linux router backend over SSH (pibxr-* namespaces)", { skip: !isRoot && "needs root" }, () => {
  const nss = new NamespaceSet();
  const dir = mkdtempSync(join(tmpdir(), "pibxr-router-"));
  let router = "";
  let wan = "";
  let pi = "";
  let phone = "";
  let sshd: TestSshd | undefined;
  let runner: SshRunner | undefined;
  let desired: LinuxDesiredState;

  before(async () => {
    router = await nss.add("router");
    wan = await nss.add("wan"); // the home router's LAN side: 192.168.1.1
    const lan = await nss.add("lan"); // a switch: the lab LAN bridge
    pi = await nss.add("pi");
    phone = await nss.add("phone");
    await nss.link(router, "eth0", wan, "up0");
    await must(inNs(wan, ["ip", "addr", "add", "192.168.1.1/24", "dev", "up0"]));
    await must(["ip", "-n", lan, "link", "add", "br0", "type", "bridge"]);
    await must(["ip", "-n", lan, "link", "set", "br0", "up"]);
    for (const [ns, name, port] of [
      [router, "eth1", "p-router"],
      [pi, "pi0", "p-pi"],
      [phone, "ph0", "p-phone"],
    ] as const) {
      await nss.link(lan, port, ns, name);
      await must(["ip", "-n", lan, "link", "set", port, "master", "br0", "up"]);
    }
    await must(inNs(pi, ["ip", "addr", "add", "172.16.0.10/24", "dev", "pi0"]));
    await must(inNs(pi, ["ip", "route", "add", "default", "via", "172.16.0.1"]));
    // The router before pibx: eth0 up with a DHCP-ish address, eth1 down, no route, no forwarding.
    await must(inNs(router, ["ip", "addr", "add", "192.168.1.57/24", "dev", "eth0"]));
    await must(inNs(router, ["ip", "link", "set", "eth0", "up"]));
    await must(inNs(router, ["ip", "link", "set", "eth1", "down"]));
    mkdirSync(join(dir, "ssh"));
    sshd = await startTestSshd(router, join(dir, "ssh"));
    runner = await SshRunner.open({
      host: "127.0.0.1",
      port: 22,
      username: "root",
      privateKey: sshd.privateKey,
      hostKeySha256: sshd.hostKeySha256,
      proxyArgv: sshd.proxyArgv,
    });
    // Files under the test's own directory (namespaces share the filesystem); this kernel has no
    // fq_codel, so the default class's leaf is pfifo.
    desired = renderLinux(virtualLabIntent(), {
      paths: { configDir: join(dir, "etc"), runDir: join(dir, "run"), stateDir: join(dir, "lib") },
      fairQueueQdisc: "pfifo",
    });
  });

  after(async () => {
    runner?.close();
    await sshd?.stop();
    const pid = join(dir, "run", "dnsmasq.pid");
    try {
      process.kill(Number(readFileSync(pid, "utf8")));
    } catch {
      // not running
    }
    await nss.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  let baseline: ReturnType<typeof baselineOf> | undefined;

  it("converges a bare router, and a second run plans nothing", async () => {
    const first = await convergeLinux(runner!, desired);
    baseline = baselineOf(first.before);
    assert.equal(first.applied, true);
    assert.deepEqual(
      first.plan.steps.map((s) => `${s.action} ${s.piece}`),
      [
        "update ip_forward",
        "update address eth1",
        "update address eth0",
        "create default route",
        "create nft inet pibx",
        "create nft ip pibx_nat",
        "create tc eth0",
        "create dnsmasq",
      ],
    );
    const second = await convergeLinux(runner!, desired);
    assert.equal(second.applied, false);
    assert.equal(describeLinuxPlan(second.plan), "");
  });

  it("hands out a lease with options 66, 150 and 160 (real dhclient)", async () => {
    const probeDir = join(dir, "dhcp");
    mkdirSync(probeDir);
    const probe = startDhcpProbe(phone, "ph0", probeDir);
    try {
      const lease = await probe.lease(20_000);
      assert.ok(lease, "no lease within 20 s");
      assert.match(lease.new_ip_address ?? "", /^172\.16\.0\.(1\d\d|2[0-4]\d|25[0-4])$/);
      assert.equal(lease.new_routers, "172.16.0.1");
      assert.equal(lease.new_tftp_server_name, "172.16.0.10");
      assert.equal(lease.new_cisco_tftp, "172.16.0.10");
      // dhclient escapes `$` for the shell.
      assert.equal(lease.new_provisioning_url, "http://172.16.0.10/prov/\\$PN/\\$MA.xml");
    } finally {
      await probe.stop();
    }
  });

  it("masquerades the lab LAN and forwards the trunk's SIP port to the appliance", async () => {
    const out = await listenUdp(wan, "192.168.1.1", 9999, 8000);
    await sendUdp(pi, "192.168.1.1", 9999, "out");
    assert.deepEqual(await out.received.then((d) => d && [d.from, d.payload]), ["192.168.1.2", "out"]);
    const sip = await listenUdp(pi, "172.16.0.10", 5060, 8000);
    await sendUdp(wan, "192.168.1.2", 5060, "INVITE");
    assert.deepEqual(await sip.received.then((d) => d && [d.from, d.payload]), ["192.168.1.1", "INVITE"]);
  });

  it("marks the appliance's RTP EF and its SIP CS3 on the outside, and queues RTP in the EF class", async () => {
    const rtp = await captureDscp(wan, "up0", "udp and dst port 7000", () =>
      sendUdp(pi, "192.168.1.1", 7000, "rtp", 3, 10002),
    );
    assert.deepEqual(rtp, [46, 46, 46]);
    const sip = await captureDscp(wan, "up0", "udp and dst port 7001", () =>
      sendUdp(pi, "192.168.1.1", 7001, "sip", 3, 5060),
    );
    assert.deepEqual(sip, [24, 24, 24]);
    const stats = await must(inNs(router, ["tc", "-s", "class", "show", "dev", "eth0", "classid", "1:10"]));
    const sent = Number(/Sent \d+ bytes (\d+) pkt/.exec(stats)?.[1]);
    assert.ok(sent >= 3, `EF class sent ${sent} packets:\n${stats}`);
  });

  it("notices a hand-made change in its table, reverts it, and leaves a foreign table alone", async () => {
    await must(
      inNs(router, ["nft", "add", "rule", "inet", "pibx", "forward", "tcp", "dport", "22", "accept"]),
    );
    await must(inNs(router, ["nft", "add", "table", "inet", "pibxr_foreign"]));
    const drift = await readForPlan(runner!, desired);
    assert.deepEqual(
      drift.steps.map((s) => [s.piece, s.detail]),
      [["nft inet pibx", ["- tcp dport 22 accept"]]],
    );
    const fixed = await convergeLinux(runner!, desired);
    assert.equal(fixed.applied, true);
    assert.deepEqual((await readForPlan(runner!, desired)).steps, []);
    const tables = await must(inNs(router, ["nft", "list", "tables"]));
    assert.match(tables, /table inet pibxr_foreign/);
  });

  it("restarts dnsmasq when it was stopped by hand", async () => {
    const pid = Number(readFileSync(desired.dnsmasq!.pidFile, "utf8"));
    process.kill(pid);
    let plan = await readForPlan(runner!, desired);
    for (let i = 0; i < 20 && plan.steps.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      plan = await readForPlan(runner!, desired);
    }
    assert.deepEqual(
      plan.steps.map((s) => `${s.action} ${s.piece}`),
      ["start dnsmasq"],
    );
    await convergeLinux(runner!, desired);
    assert.deepEqual((await readForPlan(runner!, desired)).steps, []);
  });

  it("removes what it owns and puts ip_forward and the route back", async () => {
    const devices = stateDevices(desired);
    const have = await readLinuxState(runner!, desired.paths, devices);
    await applyLinuxPlan(runner!, planLinuxRemoval(desired.paths, ["eth0"], have, baseline));
    const after = await readLinuxState(runner!, desired.paths, devices);
    assert.deepEqual(after.tableText, {});
    assert.deepEqual(after.dnsmasq, {});
    assert.equal(after.tc.eth0?.root?.kind, "noqueue");
    assert.equal(after.ipForward, false);
    assert.deepEqual(
      after.tables.map((t) => `${t.family} ${t.name}`),
      ["inet pibxr_foreign"],
    );
    assert.equal((await run(inNs(router, ["ip", "route", "show", "default"]))).stdout.trim(), "");
  });
});
