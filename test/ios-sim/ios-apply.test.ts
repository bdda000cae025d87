// pibx's Cisco IOS backend against the simulator over SSH: converge from a factory config, then
// nothing to do, drift detected and reverted, foreign lines untouched, renderer bugs caught by IOS.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { applyCliLines, convergeIos, readRunning } from "../../infra/router/cisco-ios/apply-ios.ts";
import { IosShell } from "../../infra/router/cisco-ios/ios-shell.ts";
import { parseRunningConfig } from "../../infra/router/cisco-ios/parse-running-config.ts";
import { describePlan, planIos, planToCliLines } from "../../infra/router/cisco-ios/plan-ios.ts";
import { renderIos } from "../../infra/router/cisco-ios/render-ios.ts";
import { IosCommandError, IosSessionError } from "../../infra/router/router-errors.ts";
import { homeLabIntent } from "../../infra/router/testdata/home-lab-intent.ts";
import type { IosSim } from "./ios-sim-server.ts";
import { ADMIN, startSim, targetOf } from "./sim-fixture.ts";

const desired = () => renderIos(homeLabIntent());

/** Types lines as a person at the console would (no pibx planning involved). */
async function byHand(sim: IosSim, lines: string[]): Promise<void> {
  const shell = await IosShell.open(targetOf(sim, ADMIN));
  try {
    for (const line of ["configure terminal", ...lines, "end"]) {
      const out = await shell.exec(line);
      assert.doesNotMatch(out, /^%/m, `${line}: ${out}`);
    }
  } finally {
    shell.close();
  }
}

describe("Cisco IOS backend against the simulator", () => {
  let sim: IosSim;
  beforeEach(async () => {
    sim = await startSim();
  });
  afterEach(() => sim.close());

  it("applies the reference lab to a factory-like 1841 and saves it", async () => {
    const result = await convergeIos(targetOf(sim), desired());
    assert.equal(result.applied, true);
    assert.equal(sim.writes, 1, "write memory once, after every line was accepted");
    const run = sim.showRunning();
    for (const line of [
      "ip dhcp excluded-address 172.16.0.1 172.16.0.99",
      'option 160 ascii "http://172.16.0.10/prov/$PN/$MA.xml"',
      "ip nat inside source list PIBX-NAT-INSIDE interface FastEthernet0/0 overload",
      "ip nat inside source static udp 172.16.0.10 10199 interface FastEthernet0/0 10199",
      "ip nat inside source static tcp 172.16.0.10 5060 interface FastEthernet0/0 5060",
      "ip dns server",
      "no ip nat service sip udp port 5060",
      "  priority percent 20",
      " service-policy output PIBX-VOICE-OUT",
      "ip route 0.0.0.0 0.0.0.0 192.168.1.1",
    ]) {
      assert.ok(run.includes(line), `missing after apply: ${line}`);
    }
    assert.doesNotMatch(run, /interface FastEthernet0\/0\n[^!]*shutdown/, "outside interface brought up");
    assert.equal(sim.startup, sim.config.render(), "startup-config saved");
  });

  it("plans zero commands on a second run and types nothing", async () => {
    await convergeIos(targetOf(sim), desired());
    const typed = sim.configLog.length;
    const second = await convergeIos(targetOf(sim), desired());
    assert.deepEqual(second.cliLines, []);
    assert.equal(second.applied, false);
    assert.equal(sim.configLog.length, typed, "nothing typed in configuration mode");
    assert.equal(sim.writes, 1, "no second write memory");
  });

  it("detects a hand-made change to an owned line, shows it, and reverts it", async () => {
    await convergeIos(targetOf(sim), desired());
    await byHand(sim, [
      "ip dhcp pool PIBX-LAB",
      "option 150 ip 172.16.0.99",
      "policy-map PIBX-VOICE-OUT",
      "class PIBX-VOICE-MEDIA",
      "priority percent 40",
    ]);
    const drift = await convergeIos(targetOf(sim), desired(), { dryRun: true });
    assert.equal(drift.applied, false);
    const shown = describePlan(drift.plan);
    assert.match(
      shown,
      /dhcp-pool:PIBX-LAB:\n.*\+ .*option 150 ip 172\.16\.0\.10 {3}\(was: option 150 ip 172\.16\.0\.99\)/,
    );
    assert.match(
      shown,
      /policy-map:PIBX-VOICE-OUT:\n.*\+ .*priority percent 20 {3}\(was: priority percent 40\)/,
    );
    assert.match(shown, /- \[interface FastEthernet0\/0\] .*no service-policy output PIBX-VOICE-OUT/);
    const revert = await convergeIos(targetOf(sim), desired());
    assert.equal(revert.applied, true);
    assert.match(sim.showRunning(), /option 150 ip 172\.16\.0\.10 \n/);
    assert.match(sim.showRunning(), /priority percent 20\n/);
    assert.deepEqual((await convergeIos(targetOf(sim), desired())).cliLines, []);
  });

  it("leaves alone the lines it does not own", async () => {
    await byHand(sim, [
      "ip route 10.1.0.0 255.255.0.0 172.16.0.254",
      "ip dhcp pool HANDMADE",
      "network 10.60.0.0 255.255.255.0",
      "option 150 ip 10.60.0.5",
      "class-map match-any HANDMADE",
      "match dscp af41",
      "interface FastEthernet0/0",
      "description uplink to the ISP router",
      "ip nat inside source static tcp 172.16.0.50 80 interface FastEthernet0/0 8080",
    ]);
    const before = sim.showRunning();
    const result = await convergeIos(targetOf(sim), desired());
    const typed = result.cliLines.join("\n");
    for (const foreign of [
      "HANDMADE",
      "10.1.0.0",
      "10.99.0.0",
      "GUESTS",
      "access-list 10",
      "description",
      "172.16.0.50",
    ]) {
      assert.ok(!typed.includes(foreign), `pibx typed something about ${foreign}`);
    }
    const after = sim.showRunning();
    for (const line of [
      "ip route 10.1.0.0 255.255.0.0 172.16.0.254",
      "ip route 10.99.0.0 255.255.0.0 172.16.0.254",
      "ip dhcp pool HANDMADE",
      "ip dhcp pool GUESTS",
      "ip dhcp excluded-address 10.50.0.1 10.50.0.9",
      "class-map match-any HANDMADE",
      " description uplink to the ISP router",
      "access-list 10 permit 172.16.0.0 0.0.0.255",
      "ip nat inside source static tcp 172.16.0.50 80 interface FastEthernet0/0 8080",
      "Authorized access only.",
    ]) {
      assert.ok(before.includes(line) && after.includes(line), `foreign line lost: ${line}`);
    }
  });

  it("stops at a mistyped command with IOS's error and the exact line, and does not save", async () => {
    const shell = await IosShell.open(targetOf(sim));
    try {
      const lines = planToCliLines(planIos(desired(), await readRunning(shell)));
      const at = lines.indexOf("priority percent 20");
      assert.ok(at > 0);
      lines[at] = "priorty percent 20"; // the renderer bug under test
      const error = await applyCliLines(shell, lines).then(
        () => assert.fail("a mistyped command was accepted"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof IosCommandError);
      assert.equal(error.line, at + 1);
      assert.equal(error.command, "priorty percent 20");
      assert.equal(error.iosMessage, "% Invalid input detected at '^' marker.");
      const [echo, caret] = error.output.split("\n");
      assert.equal(echo, "lab-router(config-pmap-c)#priorty percent 20");
      assert.equal(caret, `${" ".repeat("lab-router(config-pmap-c)#".length)}^`);
      assert.equal(sim.writes, 0, "write memory only after success");
      assert.deepEqual(
        sim.configLog.slice(-2),
        ["priorty percent 20", "end"],
        "nothing typed after the failing line",
      );
      assert.equal(shell.prompt, "lab-router#", "left configuration mode");
    } finally {
      shell.close();
    }
  });

  it("stops where IOS refuses an order: a policy-map class before its class-map", async () => {
    const shell = await IosShell.open(targetOf(sim));
    try {
      const error = await applyCliLines(shell, [
        "policy-map PIBX-T",
        "class PIBX-T-MEDIA",
        "priority percent 20",
        "exit",
        "exit",
      ]).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof IosCommandError);
      assert.equal(error.line, 2);
      assert.equal(error.iosMessage, "% class map PIBX-T-MEDIA not configured");
      assert.equal(sim.writes, 0);
    } finally {
      shell.close();
    }
  });

  it("removes a stale class-map only after the policy-map stops using it (IOS refuses otherwise)", async () => {
    await convergeIos(targetOf(sim), desired());
    await byHand(sim, [
      "class-map match-any PIBX-OLD",
      "match dscp af41",
      "policy-map PIBX-VOICE-OUT",
      "class PIBX-OLD",
      "bandwidth percent 10",
    ]);
    const result = await convergeIos(targetOf(sim), desired());
    assert.equal(result.applied, true);
    assert.doesNotMatch(sim.showRunning(), /PIBX-OLD/);
    // The simulator does refuse the other order.
    await byHand(sim, ["class-map match-any PIBX-OLD", "policy-map PIBX-VOICE-OUT", "class PIBX-OLD"]);
    const shell = await IosShell.open(targetOf(sim));
    try {
      await assert.rejects(applyCliLines(shell, ["no class-map match-any PIBX-OLD"]), /is being used/);
    } finally {
      shell.close();
    }
  });

  it("moves the forwards when the appliance moves, taking over the ports from its old address", async () => {
    await convergeIos(targetOf(sim), desired());
    const moved = homeLabIntent();
    for (const f of moved.portForwards) f.insideAddress = "172.16.0.11";
    const result = await convergeIos(targetOf(sim), renderIos(moved));
    assert.equal(result.applied, true);
    const removals = result.plan.steps.filter((s) => s.action === "remove").map((s) => s.command);
    assert.equal(removals.length, 202);
    const run = sim.showRunning();
    assert.doesNotMatch(run, /static (udp|tcp) 172\.16\.0\.10 /);
    assert.match(run, /static udp 172\.16\.0\.11 10199 interface FastEthernet0\/0 10199/);
    assert.deepEqual((await convergeIos(targetOf(sim), renderIos(moved))).cliLines, []);
  });

  it("stops at an incomplete command", async () => {
    const shell = await IosShell.open(targetOf(sim));
    try {
      const error = await applyCliLines(shell, [
        "ip access-list standard PIBX-T",
        "exit",
        "ip nat inside source list PIBX-T interface",
      ]).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof IosCommandError);
      assert.equal(error.line, 3);
      assert.equal(error.iosMessage, "% Incomplete command.");
    } finally {
      shell.close();
    }
  });

  it("answers IOS's question when it removes a NAT rule in use, and replaces it", async () => {
    await convergeIos(targetOf(sim), desired());
    await byHand(sim, ["ip nat inside source list PIBX-NAT-INSIDE interface FastEthernet0/1 overload"]);
    const result = await convergeIos(targetOf(sim), desired());
    assert.equal(
      result.cliLines[0],
      "no ip nat inside source list PIBX-NAT-INSIDE interface FastEthernet0/1 overload",
    );
    const run = sim.showRunning();
    assert.ok(!run.includes("interface FastEthernet0/1 overload"), "the stray rule was removed");
    assert.ok(run.includes("ip nat inside source list PIBX-NAT-INSIDE interface FastEthernet0/0 overload"));
  });

  it("types a `?` in an option 160 URL literally (Ctrl-V), so the router stores it", async () => {
    const intent = homeLabIntent();
    intent.dhcpPools[0]!.options[2] = {
      code: 160,
      kind: "ascii",
      value: "http://172.16.0.10/cfg.xml?mac=$MA",
    };
    await convergeIos(targetOf(sim), renderIos(intent));
    assert.match(sim.showRunning(), /option 160 ascii "http:\/\/172\.16\.0\.10\/cfg\.xml\?mac=\$MA"/);
    assert.deepEqual((await convergeIos(targetOf(sim), renderIos(intent))).cliLines, []);
  });

  it("logs in as a privilege-15 user without `enable`, and reports a wrong enable secret", async () => {
    const shell = await IosShell.open({ ...targetOf(sim, ADMIN), enableSecret: undefined });
    assert.equal(shell.prompt, "lab-router#");
    shell.close();
    await assert.rejects(
      IosShell.open({ ...targetOf(sim), enableSecret: "wrong" }),
      (e) => e instanceof IosSessionError && e.stage === "enable",
    );
    await assert.rejects(
      IosShell.open({ ...targetOf(sim), password: "wrong" }),
      (e) => e instanceof IosSessionError && e.stage === "login",
    );
  });

  it("reads the simulator's running-config with the same parser it uses on a real 1841", async () => {
    await convergeIos(targetOf(sim), desired());
    const nodes = parseRunningConfig(sim.showRunning()).nodes;
    assert.ok(nodes.some((n) => n.text === "ip dhcp pool PIBX-LAB" && n.children.length === 7));
    assert.deepEqual(planIos(desired(), nodes).steps, []);
  });
});
