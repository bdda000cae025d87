// The LinuxRouter provider's functions against a real router (a `pibxr-*` namespace with sshd):
// create converges, a preview of a converged router shows no change, a hand-made change shows up in
// `livePlan` and makes `diff` report changes, update reverts it, and delete leaves the router as
// it was before pibx.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type LinuxRouterInputs,
  type LinuxRouterOutputs,
  routerCheck,
  routerCreate,
  routerDelete,
  routerDiff,
  routerRead,
  routerUpdate,
} from "../../infra/providers/router-linux.ts";
import { virtualLabIntent } from "../../infra/router/linux/testdata/virtual-lab-intent.ts";
import { inNs, must, NamespaceSet } from "./netns.ts";
import { startTestSshd, type TestSshd } from "./test-sshd.ts";

const isRoot = process.getuid?.() === 0;

describe("LinuxRouter provider functions (pibxr-* namespaces)", { skip: !isRoot && "needs root" }, () => {
  const nss = new NamespaceSet();
  const dir = mkdtempSync(join(tmpdir(), "pibxr-provider-"));
  let router = "";
  let sshd: TestSshd | undefined;
  let inputs: LinuxRouterInputs;
  let outs: LinuxRouterOutputs | undefined;

  before(async () => {
    router = await nss.add("router");
    const wan = await nss.add("wan");
    const lan = await nss.add("lan");
    await nss.link(router, "eth0", wan, "up0");
    await nss.link(router, "eth1", lan, "lan0");
    await must(inNs(wan, ["ip", "addr", "add", "192.168.1.1/24", "dev", "up0"]));
    mkdirSync(join(dir, "ssh"));
    sshd = await startTestSshd(router, join(dir, "ssh"));
    inputs = {
      intent: virtualLabIntent(),
      options: {
        paths: { configDir: join(dir, "etc"), runDir: join(dir, "run"), stateDir: join(dir, "lib") },
        fairQueueQdisc: "pfifo",
      },
      connection: {
        host: "127.0.0.1",
        port: 22,
        username: "root",
        privateKey: sshd.privateKey,
        hostKeySha256: sshd.hostKeySha256,
        proxyArgv: sshd.proxyArgv,
      },
    };
  });

  after(async () => {
    if (outs) await routerDelete(outs).catch(() => {});
    await sshd?.stop();
    await nss.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("previews the whole plan on a bare router, then creates", async () => {
    const checked = await routerCheck(inputs);
    assert.match(checked.inputs!.livePlan!, /^~ ip_forward \(update\)$/m);
    assert.match(checked.inputs!.livePlan!, /\+ nft inet pibx \(create\)/);
    // eth0 has no address yet: the intent's static one comes with the converge, and is reported.
    assert.equal(checked.inputs!.outsideAddress, undefined);
    const created = await routerCreate(checked.inputs!);
    outs = created.outs!;
    assert.equal(created.id, "lab-router@127.0.0.1");
    assert.equal(outs.livePlan, "");
    assert.equal(outs.outsideAddress, "192.168.1.2");
    assert.deepEqual(outs.baseline, { ipForward: false, defaultGateways: [] });
  });

  it("a converged router previews no change", async () => {
    const checked = await routerCheck(inputs);
    assert.equal(checked.inputs!.livePlan, "");
    assert.equal(checked.inputs!.outsideAddress, "192.168.1.2");
    assert.equal((await routerDiff(outs!, checked.inputs!)).changes, false);
  });

  it("a hand-made change shows in the preview and refresh, and the update reverts it", async () => {
    await must(inNs(router, ["nft", "flush", "chain", "ip", "pibx_nat", "prerouting"]));
    const checked = await routerCheck(inputs);
    assert.match(
      checked.inputs!.livePlan!,
      /^~ nft ip pibx_nat \(update\)\n {4}\+ iifname "eth0" udp dport 5060 dnat to 172\.16\.0\.10/,
    );
    assert.equal((await routerDiff(outs!, checked.inputs!)).changes, true);
    assert.notEqual((await routerRead("x", outs!)).props!.livePlan, "");
    outs = (await routerUpdate(outs!, checked.inputs!)).outs!;
    assert.match(outs.appliedPlan, /nft ip pibx_nat/);
    assert.equal((await routerCheck(inputs)).inputs!.livePlan, "");
  });

  it("delete leaves the router as it was before pibx", async () => {
    await routerDelete(outs!);
    outs = undefined;
    assert.equal((await must(inNs(router, ["nft", "list", "tables"]))).trim(), "");
    assert.equal((await must(inNs(router, ["cat", "/proc/sys/net/ipv4/ip_forward"]))).trim(), "0");
    assert.equal((await must(inNs(router, ["ip", "route", "show", "default"]))).trim(), "");
    assert.match(await must(inNs(router, ["tc", "qdisc", "show", "dev", "eth0"])), /noqueue/);
  });
});
