import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { requireLab } from "../../../schemas/index.ts";
import { deriveRouterIntent } from "../derive-router-intent.ts";
import { deriveHomeForwards, needsReportedOutsideAddress } from "./home-forwards.ts";
import type { PortMapping } from "./igd-client.ts";
import { manualChecklist } from "./manual-checklist.ts";
import { describeUpnpPlan, planUpnp, wantedMappings } from "./plan-upnp.ts";
import { HomeForwardError } from "./upnp-errors.ts";

const lab = requireLab(new URL("../../../examples/virtual-lab/lab.yaml", import.meta.url).pathname);
const plan = deriveHomeForwards(lab, deriveRouterIntent(lab))!;

const mapping = (port: number, over: Partial<PortMapping> = {}): PortMapping => ({
  protocol: "UDP",
  externalPort: port,
  internalClient: "192.168.1.2",
  internalPort: port,
  description: port === 5060 ? "pibx: SIP over UDP" : "pibx: RTP media",
  enabled: true,
  leaseSeconds: 0,
  remoteHost: "",
  ...over,
});

describe("deriveHomeForwards", () => {
  it("forwards the lab router's ports to its outside address, through both NAT layers", () => {
    assert.equal(plan.kind, "upnp");
    assert.equal(plan.internalClient, "192.168.1.2");
    assert.deepEqual(plan.forwards, [
      { purpose: "SIP over UDP", protocol: "udp", from: 5060, to: 5060 },
      { purpose: "SIP over TCP", protocol: "tcp", from: 5060, to: 5060 },
      { purpose: "RTP media", protocol: "udp", from: 10000, to: 10199 },
    ]);
    assert.equal(
      plan.chain[2],
      "UDP 10000-10199 (RTP media): internet → 203.0.113.2 → 192.168.1.2 → 172.16.0.10",
    );
  });

  it("keeps a static outside address whatever the router reports", () => {
    const p = deriveHomeForwards(lab, deriveRouterIntent(lab), { labRouterOutside: "192.168.1.77" })!;
    assert.equal(p.internalClient, "192.168.1.2");
    assert.equal(p.leasedOn, undefined);
    assert.equal(needsReportedOutsideAddress(deriveRouterIntent(lab)), false);
  });

  describe("a lab router whose outside address comes from DHCP (the reference lab)", () => {
    const homeLab = requireLab(new URL("../../../examples/home-lab/lab.yaml", import.meta.url).pathname);
    const intent = deriveRouterIntent(homeLab)!;

    it("forwards to the lease the lab router reports", () => {
      assert.equal(needsReportedOutsideAddress(intent), true);
      const p = deriveHomeForwards(homeLab, intent, { labRouterOutside: "192.168.1.57" })!;
      assert.equal(p.kind, "manual");
      assert.equal(p.internalClient, "192.168.1.57");
      assert.equal(p.leasedOn, "FastEthernet0/0");
      assert.equal(
        p.chain[0],
        "UDP 5060 (SIP over UDP): internet → the home router's public address → 192.168.1.57 → 172.16.0.10",
      );
      const text = manualChecklist(p);
      assert.match(text, /^ {2}1 {2}UDP {7}5060 {11}192\.168\.1\.57 {2}5060 {11}SIP over UDP$/m);
      assert.match(
        text,
        /^192\.168\.1\.57 is the lab router's DHCP lease on FastEthernet0\/0: reserve it for the lab router in the$/m,
      );
    });

    it("refuses to plan without a reported address, naming the field", () => {
      assert.throws(
        () => deriveHomeForwards(homeLab, intent),
        (e: unknown) =>
          e instanceof HomeForwardError &&
          e.path === "network.labRouter.interfaces.outside" &&
          /FastEthernet0\/0 takes its address by DHCP/.test(e.message),
      );
    });

    it("says so when the lab router holds no lease, or reports something else", () => {
      assert.throws(
        () => deriveHomeForwards(homeLab, intent, { labRouterOutside: "" }),
        /network\.labRouter\.interfaces\.outside: the lab router has no DHCP lease on FastEthernet0\/0/,
      );
      assert.throws(
        () => deriveHomeForwards(homeLab, intent, { labRouterOutside: "unassigned" }),
        /reported "unassigned", not an IPv4 address/,
      );
    });
  });

  it("forwards straight to the appliance without a lab router", () => {
    const direct = deriveHomeForwards(lab, undefined)!;
    assert.equal(direct.internalClient, "172.16.0.10");
    assert.equal(direct.chain[0], "UDP 5060 (SIP over UDP): internet → 203.0.113.2 → 172.16.0.10");
  });
});

describe("manualChecklist", () => {
  it("lists protocol, external ports, internal IP and ports, one forward a line", () => {
    const text = manualChecklist({ ...plan, kind: "manual" });
    assert.equal(
      text.split("\n").slice(0, 8).join("\n"),
      [
        "Home router 192.168.1.1 (public address 203.0.113.2): add these port forwards in its web interface",
        '(usually under "Port forwarding", "NAT" or "Virtual servers"), one line each:',
        "",
        "  #  Protocol  External port  Internal IP  Internal port  Purpose",
        "  1  UDP       5060           192.168.1.2  5060           SIP over UDP",
        "  2  TCP       5060           192.168.1.2  5060           SIP over TCP",
        "  3  UDP       10000-10199    192.168.1.2  10000-10199    RTP media",
        "",
      ].join("\n"),
    );
  });
});

describe("planUpnp", () => {
  const want = wantedMappings(plan);

  it("maps one port per mapping", () => {
    assert.equal(want.length, 202);
    assert.deepEqual(want[0], {
      protocol: "UDP",
      externalPort: 5060,
      internalClient: "192.168.1.2",
      internalPort: 5060,
      description: "pibx: SIP over UDP",
    });
  });

  it("adds only what is missing, rewrites its own stale mappings and leaves foreign ones", () => {
    const sipOnly = want.filter((w) => w.externalPort === 5060);
    const existing = [
      mapping(5060),
      mapping(6000, { description: "pibx: old forward" }),
      mapping(7000, { internalClient: "192.168.1.50", description: "game" }),
    ];
    const p = planUpnp(sipOnly, existing, "192.168.1.2");
    assert.deepEqual(describeUpnpPlan(p).split("\n"), [
      "- UDP 6000 → 192.168.1.2 (pibx: old forward)",
      "+ TCP 5060 → 192.168.1.2 (pibx: SIP over TCP)",
    ]);
  });

  it("reports a port held for another host as a conflict and never touches it", () => {
    const p = planUpnp(
      want.slice(0, 1),
      [mapping(5060, { internalClient: "192.168.1.50", description: "pbx2" })],
      "192.168.1.2",
    );
    assert.deepEqual(p.add, []);
    assert.deepEqual(p.remove, []);
    assert.match(describeUpnpPlan(p), /^! UDP 5060 is mapped to 192\.168\.1\.50:5060 \(pbx2\)$/);
  });

  it("plans nothing when every mapping is in place", () => {
    const existing = want.map((w) =>
      mapping(w.externalPort, { protocol: w.protocol, description: w.description }),
    );
    assert.equal(describeUpnpPlan(planUpnp(want, existing, "192.168.1.2")), "");
  });
});
