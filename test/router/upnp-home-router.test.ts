// The home router's forwards over UPnP IGD against a real miniupnpd in `pibxr-*` namespaces,
// requested from the lab router's side over SSH (its sshd opens the TCP connections, so the IGD sees
// the lab router's address, as secure mode demands): discovery, mapping the virtual lab's forwards,
// a packet from the internet arriving through the mapping, idempotence, and removal of exactly
// pibx's mappings.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { deriveRouterIntent } from "../../infra/router/derive-router-intent.ts";
import { convergeUpnp, removeUpnp } from "../../infra/router/home/apply-upnp.ts";
import { deriveHomeForwards } from "../../infra/router/home/home-forwards.ts";
import { IgdClient } from "../../infra/router/home/igd-client.ts";
import { describeUpnpPlan, wantedMappings } from "../../infra/router/home/plan-upnp.ts";
import { sshTransport } from "../../infra/router/home/ssh-igd-transport.ts";
import { SshRunner } from "../../infra/router/linux/ssh-runner.ts";
import { requireLab } from "../../schemas/index.ts";
import { startHomeRouter, startStunServer } from "./home-router-ns.ts";
import { inNs, must, NamespaceSet, run } from "./netns.ts";
import { startTestSshd, type TestSshd } from "./test-sshd.ts";
import { listenUdp, sendUdp } from "./udp-probe.ts";

const isRoot = process.getuid?.() === 0;

describe("UPnP IGD forwards on a real miniupnpd (pibxr-* namespaces)", {
  skip: !isRoot && "needs root",
}, () => {
  const nss = new NamespaceSet();
  const dir = mkdtempSync(join(tmpdir(), "pibxr-upnp-"));
  let internet = "";
  let labRouter = "";
  let sshd: TestSshd | undefined;
  let runner: SshRunner | undefined;
  let home: Awaited<ReturnType<typeof startHomeRouter>> | undefined;
  let stun: Awaited<ReturnType<typeof startStunServer>> | undefined;
  // The virtual lab with a 20-port RTP range: miniupnpd's nftables backend walks every rule on each
  // AddPortMapping (≈1 s per mapping at 120 mappings here), and the mechanism is the same.
  const full = requireLab(new URL("../../examples/virtual-lab/lab.yaml", import.meta.url).pathname);
  const lab = { ...full, appliance: { ...full.appliance, rtp: { ...full.appliance.rtp, max: 10019 } } };
  const forwards = deriveHomeForwards(lab, deriveRouterIntent(lab))!;
  const want = wantedMappings(forwards);

  before(async () => {
    internet = await nss.add("inet");
    const homeNs = await nss.add("home");
    labRouter = await nss.add("labr");
    await nss.link(internet, "net0", homeNs, "wan0");
    await nss.link(homeNs, "lan0", labRouter, "eth0");
    await must(inNs(internet, ["ip", "addr", "add", "203.0.113.20/24", "dev", "net0"]));
    await must(inNs(homeNs, ["ip", "addr", "add", "203.0.113.2/24", "dev", "wan0"]));
    await must(inNs(homeNs, ["ip", "addr", "add", "192.168.1.1/24", "dev", "lan0"]));
    await must(inNs(homeNs, ["ip", "link", "set", "wan0", "up"]));
    await must(inNs(homeNs, ["ip", "link", "set", "lan0", "up"]));
    await must(inNs(labRouter, ["ip", "addr", "add", "192.168.1.2/24", "dev", "eth0"]));
    await must(inNs(labRouter, ["ip", "route", "add", "default", "via", "192.168.1.1"]));
    const upnpDir = join(dir, "upnp");
    mkdirSync(upnpDir);
    stun = await startStunServer(internet, "203.0.113.20");
    home = await startHomeRouter(homeNs, upnpDir, "wan0", "lan0", "203.0.113.20");
    mkdirSync(join(dir, "ssh"));
    sshd = await startTestSshd(labRouter, join(dir, "ssh"));
    runner = await SshRunner.open({
      host: "127.0.0.1",
      port: 22,
      username: "root",
      privateKey: sshd.privateKey,
      hostKeySha256: sshd.hostKeySha256,
      proxyArgv: sshd.proxyArgv,
    });
  });

  after(async () => {
    runner?.close();
    await sshd?.stop();
    await home?.stop();
    await stun?.stop();
    await nss.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("derives the chain: internet → 203.0.113.2 → the lab router 192.168.1.2 → the appliance", () => {
    assert.equal(forwards.internalClient, "192.168.1.2");
    assert.equal(
      forwards.chain[0],
      "UDP 5060 (SIP over UDP): internet → 203.0.113.2 → 192.168.1.2 → 172.16.0.10",
    );
    assert.equal(want.length, 22);
  });

  it("discovers the IGD from the lab router and maps the forwards; a second run changes nothing", async () => {
    const client = await IgdClient.open(sshTransport(runner!.client), {
      routerAddress: forwards.routerAddress,
    });
    assert.equal(
      client.service.serviceType.startsWith("urn:schemas-upnp-org:service:WANIPConnection:"),
      true,
    );
    assert.equal(client.service.controlUrl.hostname, "192.168.1.1");
    const first = await convergeUpnp(client, want, forwards.internalClient);
    assert.equal(first.applied, true, home?.log());
    assert.equal(first.plan.add.length, 22);
    assert.match(
      describeUpnpPlan(first.plan),
      /^\+ TCP 5060 → 192\.168\.1\.2 \(pibx: SIP over TCP\)\n\+ UDP 5060 → 192\.168\.1\.2 \(pibx: SIP over UDP\)\n\+ UDP 10000-10019 → 192\.168\.1\.2 \(pibx: RTP media\)$/,
    );
    const sip = await client.getSpecificPortMapping("UDP", 5060);
    assert.equal(sip?.internalClient, "192.168.1.2");
    const second = await convergeUpnp(client, want, forwards.internalClient);
    assert.equal(second.applied, false);
    assert.equal(describeUpnpPlan(second.plan), "");
  });

  it("a datagram from the internet to 203.0.113.2:5060 arrives at the lab router", async () => {
    const got = await listenUdp(labRouter, "192.168.1.2", 5060, 8000);
    await sendUdp(internet, "203.0.113.2", 5060, "REGISTER");
    const d = await got.received;
    assert.deepEqual(d && [d.from, d.payload], ["203.0.113.20", "REGISTER"]);
  });

  it("discovers the IGD by SSDP from TypeScript running on the lab router (direct transport)", async () => {
    const probe = new URL("./igd-probe.ts", import.meta.url).pathname;
    const r = await run(
      inNs(labRouter, [process.execPath, "--import", "tsx", probe, "192.168.1.1"]),
      "",
      30_000,
    );
    assert.equal(r.code, 0, r.stderr);
    const found = JSON.parse(r.stdout) as {
      locations: string[];
      serviceType: string;
      externalAddress: string;
      mappings: number;
    };
    assert.deepEqual(found.locations, ["http://192.168.1.1:5000/rootDesc.xml"]);
    assert.equal(found.serviceType, "urn:schemas-upnp-org:service:WANIPConnection:2");
    assert.equal(found.externalAddress, "203.0.113.2");
    assert.equal(found.mappings, 22);
  });

  it("removes exactly pibx's mappings, leaving another one of the same host", async () => {
    // upnpc from the lab router: a mapping someone else made (another description).
    await must(
      inNs(labRouter, [
        "upnpc",
        "-u",
        "http://192.168.1.1:5000/rootDesc.xml",
        "-e",
        "game",
        "-a",
        "192.168.1.2",
        "7777",
        "7777",
        "UDP",
      ]),
    );
    const client = await IgdClient.open(sshTransport(runner!.client), {
      routerAddress: forwards.routerAddress,
    });
    assert.equal(await removeUpnp(client, forwards.internalClient), 22);
    const left = await client.listPortMappings();
    assert.deepEqual(
      left.map((m) => `${m.protocol} ${m.externalPort} ${m.description}`),
      ["UDP 7777 game"],
    );
  });
});
