import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { RouterIntent } from "../router-intent.ts";
import { homeLabIntent } from "../testdata/home-lab-intent.ts";
import { parseRunningConfig } from "./parse-running-config.ts";
import { planIos, planToCliLines } from "./plan-ios.ts";
import { renderIos } from "./render-ios.ts";

const converged = readFileSync(new URL("./testdata/1841-running-config.txt", import.meta.url), "utf8");

const FACTORY = `!
hostname lab-router
ip dhcp excluded-address 10.50.0.1 10.50.0.9
!
ip dhcp pool GUESTS
   network 10.50.0.0 255.255.255.0
!
interface FastEthernet0/0
 no ip address
 shutdown
 duplex auto
!
interface FastEthernet0/1
 ip address 172.16.0.1 255.255.255.0
!
ip route 10.99.0.0 255.255.0.0 172.16.0.254
ip nat inside source static tcp 172.16.0.50 80 interface FastEthernet0/0 8080
access-list 10 permit 172.16.0.0 0.0.0.255
end
`;

/** The fixture's router is converged for the reference lab with only the SIP forward. */
function sipOnlyIntent(): RouterIntent {
  const intent = homeLabIntent();
  intent.portForwards = intent.portForwards.slice(0, 1);
  return intent;
}

const lines = (intent: RouterIntent, running: string) =>
  planToCliLines(planIos(renderIos(intent), parseRunningConfig(running).nodes));

const before = (all: string[], a: string, b: string) => {
  const ia = all.indexOf(a);
  const ib = all.indexOf(b);
  assert.ok(ia >= 0, `missing: ${a}`);
  assert.ok(ib >= 0, `missing: ${b}`);
  assert.ok(ia < ib, `${a} should come before ${b}`);
};

describe("planIos", () => {
  it("from a factory config, creates everything in dependency order", () => {
    const cli = lines(homeLabIntent(), FACTORY);
    before(
      cli,
      "ip access-list standard PIBX-NAT-INSIDE",
      "ip nat inside source list PIBX-NAT-INSIDE interface FastEthernet0/0 overload",
    );
    before(cli, "class-map match-any PIBX-VOICE-MEDIA", "policy-map PIBX-VOICE-OUT");
    before(cli, "policy-map PIBX-VOICE-OUT", "service-policy output PIBX-VOICE-OUT");
    before(cli, "ip dhcp excluded-address 172.16.0.1 172.16.0.99", "ip dhcp pool PIBX-LAB");
    before(
      cli,
      "ip nat outside",
      "ip nat inside source static udp 172.16.0.10 5060 interface FastEthernet0/0 5060",
    );
    assert.ok(cli.includes("no shutdown"));
    // The inside interface already has its address: it is not retyped.
    assert.ok(!cli.includes("ip address 172.16.0.1 255.255.255.0"));
  });

  it("never touches what pibx does not own", () => {
    const cli = lines(homeLabIntent(), FACTORY).join("\n");
    for (const foreign of ["GUESTS", "10.50.0.1", "10.99.0.0", "access-list 10", "172.16.0.50", "duplex"]) {
      assert.ok(!cli.includes(foreign), `touched ${foreign}`);
    }
  });

  it("plans nothing for a converged router", () => {
    assert.deepEqual(lines(sipOnlyIntent(), converged), []);
  });

  it("detaches a policy before changing it, then attaches it again", () => {
    const drifted = converged.replace("priority percent 20", "priority percent 30");
    assert.deepEqual(lines(sipOnlyIntent(), drifted), [
      "interface FastEthernet0/0",
      "no service-policy output PIBX-VOICE-OUT",
      "exit",
      "policy-map PIBX-VOICE-OUT",
      "class PIBX-VOICE-MEDIA",
      "priority percent 20",
      "exit",
      "exit",
      "interface FastEthernet0/0",
      "service-policy output PIBX-VOICE-OUT",
      "exit",
    ]);
  });

  it("replaces a changed pool value in place and removes a foreign option with its short `no` form", () => {
    const drifted = converged
      .replace("option 150 ip 172.16.0.10 ", "option 150 ip 172.16.0.99 ")
      .replace("   option 66 ascii", "   option 42 ip 10.0.0.1 \n   option 66 ascii");
    assert.deepEqual(lines(sipOnlyIntent(), drifted), [
      "ip dhcp pool PIBX-LAB",
      "no option 42",
      "option 150 ip 172.16.0.10",
      "exit",
    ]);
  });

  it("removes a class's priority before giving it a bandwidth", () => {
    const intent = sipOnlyIntent();
    intent.qosPolicies[0]!.classes[0] = {
      name: "voice-media",
      match: { kind: "dscp", values: [46] },
      bandwidthPercent: 20,
    };
    const cli = lines(intent, converged);
    before(cli, "no priority percent 20", "bandwidth percent 20");
  });

  it("removes stale pibx objects after their users, and stale forwards before anything else", () => {
    const drifted = converged
      .replace(
        "class-map match-any PIBX-VOICE-MEDIA",
        "class-map match-any PIBX-OLD\n match dscp af41 \nclass-map match-any PIBX-VOICE-MEDIA",
      )
      .replace(" class class-default", " class PIBX-OLD\n  bandwidth percent 10\n class class-default")
      .replace(
        "ip nat inside source static udp 172.16.0.10 5060",
        "ip nat inside source static udp 172.16.0.10 5061 interface FastEthernet0/0 5061\nip nat inside source static udp 172.16.0.10 5060",
      );
    const cli = lines(sipOnlyIntent(), drifted);
    assert.equal(
      cli[0],
      "no ip nat inside source static udp 172.16.0.10 5061 interface FastEthernet0/0 5061",
    );
    before(cli, "no service-policy output PIBX-VOICE-OUT", "no class PIBX-OLD");
    before(cli, "no class PIBX-OLD", "no class-map match-any PIBX-OLD");
    before(cli, "service-policy output PIBX-VOICE-OUT", "no class-map match-any PIBX-OLD");
  });

  it("leaves a service-policy of someone else's on the interface", () => {
    const intent = sipOnlyIntent();
    intent.qosPolicies = [];
    delete intent.interfaces.find((i) => i.role === "outside")!.qosPolicyOut;
    const handMade = converged.replace(
      " service-policy output PIBX-VOICE-OUT",
      " service-policy output SHAPER",
    );
    const cli = lines(intent, handMade);
    assert.ok(!cli.some((l) => l.includes("SHAPER")));
    assert.ok(cli.includes("no policy-map PIBX-VOICE-OUT"));
  });

  it("switches an interface from DHCP to a static address without a `no` first", () => {
    const intent = sipOnlyIntent();
    intent.interfaces.find((i) => i.role === "outside")!.addressing = {
      kind: "static",
      address: "192.168.1.2",
      prefixLength: 24,
    };
    assert.deepEqual(lines(intent, converged), [
      "interface FastEthernet0/0",
      "ip address 192.168.1.2 255.255.255.0",
      "exit",
    ]);
  });
});

describe("planToCliLines", () => {
  it("enters and leaves sub-modes only as needed", () => {
    const cli = planToCliLines({
      steps: [
        { sectionId: "a", path: [], command: "policy-map P", action: "add", enters: true },
        { sectionId: "a", path: ["policy-map P"], command: "class C", action: "add", enters: true },
        { sectionId: "a", path: ["policy-map P", "class C"], command: "fair-queue", action: "add" },
        { sectionId: "a", path: ["policy-map P"], command: "class D", action: "add", enters: true },
        { sectionId: "b", path: ["interface FastEthernet0/0"], command: "ip nat outside", action: "add" },
        { sectionId: "c", path: [], command: "ip route 0.0.0.0 0.0.0.0 192.168.1.1", action: "add" },
      ],
    });
    assert.deepEqual(cli, [
      "policy-map P",
      "class C",
      "fair-queue",
      "exit",
      "class D",
      "exit",
      "exit",
      "interface FastEthernet0/0",
      "ip nat outside",
      "exit",
      "ip route 0.0.0.0 0.0.0.0 192.168.1.1",
    ]);
  });
});
