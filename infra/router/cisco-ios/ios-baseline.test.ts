import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { homeLabIntent } from "../testdata/home-lab-intent.ts";
import { iosBaselineOf, iosRestoreConfig, virtualReassemblySteps } from "./ios-baseline.ts";
import { parseRunningConfig } from "./parse-running-config.ts";
import { describePlan, planIos } from "./plan-ios.ts";
import { renderIos } from "./render-ios.ts";

const desired = renderIos(homeLabIntent());
const run = (text: string) => parseRunningConfig(text).nodes;

/** Before pibx: the outside shut without an address, no default route. */
const factory = run(`interface FastEthernet0/0
 no ip address
 shutdown
 duplex auto
!
interface FastEthernet0/1
 ip address 172.16.0.1 255.255.255.0
!
ip route 10.99.0.0 255.255.0.0 172.16.0.254
end
`);

/** After pibx converged it. */
const converged = run(`interface FastEthernet0/0
 ip address dhcp
 ip nat outside
 ip virtual-reassembly
 duplex auto
 service-policy output PIBX-VOICE-OUT
!
interface FastEthernet0/1
 ip address 172.16.0.1 255.255.255.0
 ip nat inside
 ip virtual-reassembly
!
ip route 0.0.0.0 0.0.0.0 192.168.1.1
ip route 10.99.0.0 255.255.0.0 172.16.0.254
end
`);

describe("the IOS baseline", () => {
  const baseline = iosBaselineOf(desired, factory);

  it("records the managed lines of pibx's interfaces and the default route, as they were", () => {
    assert.deepEqual(baseline, {
      interfaces: {
        "FastEthernet0/1": ["ip address 172.16.0.1 255.255.255.0"],
        "FastEthernet0/0": ["no ip address", "shutdown"],
      },
      virtualReassembly: { "FastEthernet0/1": false, "FastEthernet0/0": false },
      defaultRoutes: [],
    });
  });

  it("plans pibx's removal and the baseline back, leaving foreign lines", () => {
    const restore = iosRestoreConfig(desired, baseline, converged, "172.16.0.1");
    const plan = planIos(restore, converged);
    plan.steps.push(...virtualReassemblySteps(baseline, converged));
    assert.deepEqual(describePlan(plan).split("\n"), [
      "route:",
      "  - no ip route 0.0.0.0 0.0.0.0 192.168.1.1",
      "interface:FastEthernet0/0:",
      "  - [interface FastEthernet0/0] no service-policy output PIBX-VOICE-OUT",
      "interface:FastEthernet0/1:",
      "  - [interface FastEthernet0/1] no ip nat inside",
      "interface:FastEthernet0/0:",
      "  - [interface FastEthernet0/0] no ip nat outside",
      "  + [interface FastEthernet0/0] no ip address   (was: ip address dhcp)",
      "  + [interface FastEthernet0/0] shutdown",
      "interface:FastEthernet0/1:",
      "  - [interface FastEthernet0/1] no ip virtual-reassembly",
      "interface:FastEthernet0/0:",
      "  - [interface FastEthernet0/0] no ip virtual-reassembly",
    ]);
  });

  it("keeps the address the management session runs over, whatever the baseline says", () => {
    const odd = { ...baseline, interfaces: { ...baseline.interfaces, "FastEthernet0/1": ["no ip address"] } };
    const restore = iosRestoreConfig(desired, odd, converged, "172.16.0.1");
    assert.doesNotMatch(describePlan(planIos(restore, converged)), /FastEthernet0\/1\] (no )?ip address/);
  });
});
