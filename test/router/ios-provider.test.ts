// The IosRouter provider's functions against the IOS simulator (test/ios-sim): create converges,
// a converged router previews nothing, drift shows in `livePlan`, and delete types the `no` forms
// of what pibx owns and puts back what it changed (interface addresses and shutdown state, the
// default route, the virtual-reassembly IOS adds with NAT): the running-config ends exactly as it
// began, every foreign line included. The outside interface's DHCP lease is reported as
// `outsideAddress`, and a new lease is a change.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  type IosRouterInputs,
  iosCheck,
  iosCreate,
  iosDelete,
  iosDiff,
  iosUpdate,
} from "../../infra/providers/router-ios.ts";
import { IosShell } from "../../infra/router/cisco-ios/ios-shell.ts";
import { homeLabIntent } from "../../infra/router/testdata/home-lab-intent.ts";
import type { IosSim } from "../ios-sim/ios-sim-server.ts";
import { ADMIN, FACTORY_1841, startSim, targetOf } from "../ios-sim/sim-fixture.ts";

/** The running-config without its size line (which the banner's position does not change, but…). */
const withoutSize = (run: string) => run.replace(/^Current configuration : \d+ bytes$/m, "");

describe("IosRouter provider functions against the IOS simulator", () => {
  let sim: IosSim;
  let inputs: IosRouterInputs;
  /** What the simulated ISP router leases to FastEthernet0/0 (`ip address dhcp` in the home lab). */
  let leases: Record<string, string>;
  /** `show running-config` before pibx. */
  let factoryRunning: string;
  beforeEach(async () => {
    leases = { "FastEthernet0/0": "192.168.1.57" };
    sim = await startSim(undefined, { dhcpLeases: leases });
    factoryRunning = sim.showRunning();
    inputs = { intent: homeLabIntent(), connection: targetOf(sim) };
  });
  afterEach(() => sim.close());

  it("creates, previews nothing when converged, notices drift, and deletes what pibx owns", async () => {
    const created = await iosCreate((await iosCheck(inputs)).inputs!);
    assert.match(created.outs!.appliedPlan, /policy-map:PIBX-VOICE-OUT/);
    const again = (await iosCheck(inputs)).inputs!;
    assert.equal(again.livePlan, "");
    assert.equal((await iosDiff(created.outs!, again)).changes, false);

    // Someone turns the DNS server off at the console: the next preview shows it.
    const shell = await IosShell.open(targetOf(sim, ADMIN));
    for (const line of ["configure terminal", "no ip dns server", "end"]) await shell.exec(line);
    shell.close();
    const drifted = (await iosCheck(inputs)).inputs!;
    assert.match(drifted.livePlan!, /^dns-server:\n {2}\+ ip dns server$/m);
    assert.equal((await iosDiff(created.outs!, drifted)).changes, true);

    await iosDelete(created.outs!);
    // Everything pibx added is gone and what it changed is back: the factory-like config exactly.
    assert.equal(withoutSize(sim.showRunning()), withoutSize(factoryRunning));
  });

  it("reports the outside interface's DHCP lease after convergence, and a new lease as a change", async () => {
    // The factory config has FastEthernet0/0 shut down without an address: no lease yet.
    const first = (await iosCheck(inputs)).inputs!;
    assert.equal(first.outsideAddress, undefined);
    const created = await iosCreate(first, { timeoutMs: 2000, intervalMs: 100 });
    assert.equal(created.outs!.outsideAddress, "192.168.1.57");
    const again = (await iosCheck(inputs)).inputs!;
    assert.equal(again.outsideAddress, "192.168.1.57");
    assert.equal((await iosDiff(created.outs!, again)).changes, false);

    // The ISP router hands out another address: the preview shows a change, the update reports it.
    leases["FastEthernet0/0"] = "192.168.1.80";
    const moved = (await iosCheck(inputs)).inputs!;
    assert.equal(moved.livePlan, "");
    assert.equal(moved.outsideAddress, "192.168.1.80");
    assert.equal((await iosDiff(created.outs!, moved)).changes, true);
    assert.equal(
      (await iosUpdate(moved, { timeoutMs: 0, intervalMs: 0 })).outs!.outsideAddress,
      "192.168.1.80",
    );
  });

  it("reports no outside address when no lease comes within the wait", async () => {
    delete leases["FastEthernet0/0"];
    const created = await iosCreate((await iosCheck(inputs)).inputs!, { timeoutMs: 300, intervalMs: 100 });
    assert.equal(created.outs!.outsideAddress, "");
    assert.match(sim.showRunning(), /interface FastEthernet0\/0\n ip address dhcp\n/);
  });

  it("puts back a default route and an outside address pibx replaced", async () => {
    await sim.close();
    const before = FACTORY_1841.replace(
      "interface FastEthernet0/0\n no ip address\n shutdown\n",
      "interface FastEthernet0/0\n ip address 192.168.1.9 255.255.255.0\n",
    ).replace("ip route 10.99.0.0", "ip route 0.0.0.0 0.0.0.0 192.168.1.254\nip route 10.99.0.0");
    assert.notEqual(before, FACTORY_1841);
    sim = await startSim(before, { dhcpLeases: leases });
    const start = sim.showRunning();
    inputs = { ...inputs, connection: targetOf(sim) };
    const created = await iosCreate((await iosCheck(inputs)).inputs!, { timeoutMs: 0, intervalMs: 0 });
    assert.match(sim.showRunning(), /ip route 0\.0\.0\.0 0\.0\.0\.0 192\.168\.1\.1\n/);
    assert.doesNotMatch(sim.showRunning(), /192\.168\.1\.254|192\.168\.1\.9 /);
    await iosDelete(created.outs!);
    assert.equal(withoutSize(sim.showRunning()), withoutSize(start));
  });
});
