// The IosRouter provider's functions against the IOS simulator (test/ios-sim): create converges,
// a converged router previews nothing, drift shows in `livePlan`, and delete types the `no` forms
// of what pibx owns, leaving the interface addresses, the route and every foreign line.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  type IosRouterInputs,
  iosCheck,
  iosCreate,
  iosDelete,
  iosDiff,
} from "../../infra/providers/router-ios.ts";
import { IosShell } from "../../infra/router/cisco-ios/ios-shell.ts";
import { homeLabIntent } from "../../infra/router/testdata/home-lab-intent.ts";
import type { IosSim } from "../ios-sim/ios-sim-server.ts";
import { ADMIN, FACTORY_1841, startSim, targetOf } from "../ios-sim/sim-fixture.ts";

describe("IosRouter provider functions against the IOS simulator", () => {
  let sim: IosSim;
  let inputs: IosRouterInputs;
  beforeEach(async () => {
    sim = await startSim();
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
    const run = sim.showRunning();
    assert.doesNotMatch(
      run,
      /PIBX-|ip nat inside source|ip nat (inside|outside)$|ip dhcp excluded-address 172\.16\.0\.1 /m,
    );
    assert.match(run, /ip address 172\.16\.0\.1 255\.255\.255\.0/);
    assert.match(run, /ip route 0\.0\.0\.0 0\.0\.0\.0 192\.168\.1\.1/);
    for (const line of FACTORY_1841.split("\n").filter((l) => /^(hostname|username|line vty)/.test(l)))
      assert.ok(run.includes(line), `foreign line removed: ${line}`);
  });
});
