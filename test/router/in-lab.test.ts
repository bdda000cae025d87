// In the virtual lab (test/lab), under the lab lock: the lab router converged by the Linux backend
// from examples/virtual-lab/lab.yaml. The desk phone's lease carries 66/150/160 as the lab implies;
// the lab LAN reaches the internet through both NATs; the trunk's SIP port reaches the pi from the
// pstn box through the UPnP mapping pibx made on the home router and the lab router's forward; RTP
// leaves the lab router marked EF; a second apply changes nothing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { deriveRouterIntent } from "../../infra/router/derive-router-intent.ts";
import { convergeUpnp, removeUpnp } from "../../infra/router/home/apply-upnp.ts";
import { deriveHomeForwards } from "../../infra/router/home/home-forwards.ts";
import { IgdClient } from "../../infra/router/home/igd-client.ts";
import { wantedMappings } from "../../infra/router/home/plan-upnp.ts";
import { sshTransport } from "../../infra/router/home/ssh-igd-transport.ts";
import { convergeLinux, readForPlan } from "../../infra/router/linux/apply-linux.ts";
import type { LinuxDesiredState } from "../../infra/router/linux/linux-desired-state.ts";
import { describeLinuxPlan } from "../../infra/router/linux/linux-plan.ts";
import { renderLinux } from "../../infra/router/linux/render-linux.ts";
import { SshRunner, sshFingerprint } from "../../infra/router/linux/ssh-runner.ts";
import { requireLab } from "../../schemas/index.ts";
import {
  acquireLabLock,
  DEFAULT_RUN_DIR,
  down,
  interfaceOf,
  listenUdp,
  netnsOf,
  sendUdp,
  sshKeyPaths,
  tcpBridgeArgv,
  up,
  waitForDhcpLease,
} from "../lab/index.ts";
import { captureDscp, sendUdp as sendUdpFromPort } from "./udp-probe.ts";

const isRoot = process.getuid?.() === 0;
const lab = requireLab(new URL("../../examples/virtual-lab/lab.yaml", import.meta.url).pathname);

function hostKeyPin(knownHosts: string, address: string): string {
  const line = readFileSync(knownHosts, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${address} `));
  if (!line) throw new Error(`no host key for ${address} in ${knownHosts}`);
  return sshFingerprint(Buffer.from(line.split(" ")[2]!, "base64"));
}

describe("the lab router converged in the virtual lab", { skip: !isRoot && "needs root" }, () => {
  const wan = interfaceOf("lab-router", "home-lan");
  // The lab names the lab router's interfaces as examples/virtual-lab/lab.yaml does: no renaming.
  const intent = deriveRouterIntent(lab)!;
  const forwards = deriveHomeForwards(lab, intent)!;
  // The SIP forwards only: miniupnpd's nftables backend takes minutes for the 200 RTP mappings
  // (the full set is mapped in upnp-home-router.test.ts on a shorter range).
  const sipMappings = wantedMappings({
    ...forwards,
    forwards: forwards.forwards.filter((f) => f.from === f.to),
  });
  let runner: SshRunner | undefined;
  let desired: LinuxDesiredState;

  before(async () => {
    await acquireLabLock(600_000);
    await up({ lockWaitMs: 600_000 });
    const keys = sshKeyPaths(DEFAULT_RUN_DIR);
    runner = await SshRunner.open({
      host: "172.16.0.1",
      port: 22,
      username: "root",
      privateKey: readFileSync(keys.privateKey, "utf8"),
      hostKeySha256: hostKeyPin(keys.knownHosts, "172.16.0.1"),
      // The operator on the lab LAN: the connection starts in the pi's namespace.
      proxyArgv: tcpBridgeArgv("pi", "172.16.0.1", 22),
    });
    const dir = join(DEFAULT_RUN_DIR, "lab-router", "pibx");
    desired = renderLinux(intent, {
      paths: { configDir: join(dir, "etc"), runDir: join(dir, "run"), stateDir: join(dir, "lib") },
      fairQueueQdisc: "pfifo", // this kernel has no fq_codel
    });
  });

  after(async () => {
    try {
      if (runner) {
        const client = await IgdClient.open(sshTransport(runner.client), {
          routerAddress: forwards.routerAddress,
        });
        await removeUpnp(client, forwards.internalClient);
      }
    } catch {
      // the lab goes down anyway
    } finally {
      runner?.close();
      await down();
    }
  });

  it("converges the lab router; a second apply changes nothing", async () => {
    const first = await convergeLinux(runner!, desired);
    assert.equal(first.applied, true);
    assert.match(describeLinuxPlan(first.plan), /\+ nft inet pibx \(create\)/);
    const second = await convergeLinux(runner!, desired);
    assert.equal(describeLinuxPlan(second.plan), "");
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
    const got = await listenUdp("pstn", "198.51.100.20", 7100, 8000);
    await sendUdp("pi", "198.51.100.20", 7100, "hello from the lab LAN");
    const d = await got.received;
    assert.deepEqual(d && [d.from, d.payload], ["203.0.113.2", "hello from the lab LAN"]);
  });

  it("the trunk's SIP port reaches the pi through the UPnP mapping and the lab router's forward", async () => {
    const client = await IgdClient.open(sshTransport(runner!.client), {
      routerAddress: forwards.routerAddress,
    });
    const r = await convergeUpnp(client, sipMappings, forwards.internalClient);
    assert.equal(r.plan.add.length, 2);
    assert.equal((await convergeUpnp(client, sipMappings, forwards.internalClient)).applied, false);
    const got = await listenUdp("pi", "172.16.0.10", 5060, 8000);
    await sendUdp("pstn", "203.0.113.2", 5060, "OPTIONS sip:15550123@203.0.113.2 SIP/2.0");
    const d = await got.received;
    assert.deepEqual(d && [d.from, d.payload.split(" ")[0]], ["198.51.100.20", "OPTIONS"]);
  });

  it("RTP from the appliance leaves the lab router marked EF", async () => {
    const marks = await captureDscp(netnsOf("lab-router"), wan, "udp and dst port 7200", () =>
      // From an RTP port of the appliance (the lab's own sendUdp picks any source port).
      sendUdpFromPort(netnsOf("pi"), "198.51.100.20", 7200, "rtp", 3, 10005),
    );
    assert.deepEqual(marks, [46, 46, 46]);
    assert.deepEqual((await readForPlan(runner!, desired)).steps, []);
  });
});
