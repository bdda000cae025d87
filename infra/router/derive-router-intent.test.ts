import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { requireLab } from "../../schemas/index.ts";
import { deriveRouterIntent } from "./derive-router-intent.ts";
import { RouterIntentError } from "./router-errors.ts";
import { homeLabIntent } from "./testdata/home-lab-intent.ts";

const example = () => requireLab(new URL("../../examples/home-lab/lab.yaml", import.meta.url).pathname);

describe("deriveRouterIntent", () => {
  it("derives the reference lab's router from examples/home-lab", () => {
    assert.deepEqual(deriveRouterIntent(example()), homeLabIntent());
  });

  it("derives options 150/66/160 from the provisioning server when a pool leaves them out", () => {
    const lab = example();
    const pool = lab.network.labRouter!.dhcpPools[0]!;
    pool.options = {};
    lab.appliance.provisioning.httpPort = 8088;
    const options = deriveRouterIntent(lab)!.dhcpPools[0]!.options;
    assert.deepEqual(options, [
      { code: 150, kind: "ip", addresses: ["172.16.0.10"] },
      { code: 66, kind: "ascii", value: "172.16.0.10" },
      { code: 160, kind: "ascii", value: "http://172.16.0.10:8088/prov/$PN/$MA.xml" },
    ]);
  });

  it("matches by ports and re-marks in the set-dscp style", () => {
    const lab = example();
    lab.network.labRouter!.qos!.style = "set-dscp";
    const [media, signalling] = deriveRouterIntent(lab)!.qosPolicies[0]!.classes;
    assert.deepEqual(media, {
      name: "voice-media",
      match: { kind: "source-ports", ports: [{ protocol: "udp", from: 10000, to: 10199 }] },
      bandwidthPercent: 20,
      setDscp: 46,
    });
    assert.deepEqual(signalling?.match, {
      kind: "source-ports",
      ports: [
        { protocol: "udp", from: 5060, to: 5060 },
        { protocol: "tcp", from: 5060, to: 5060 },
      ],
    });
    assert.equal(signalling?.setDscp, 24);
  });

  it("uses listed port forwards as they are, and none without NAT", () => {
    const lab = example();
    lab.network.portForwards = [{ protocol: "udp", port: 5080, description: "SIP on another port" }];
    assert.deepEqual(
      deriveRouterIntent(lab)!.portForwards.map((f) => [f.purpose, f.protocol, f.ports]),
      [["SIP on another port", "udp", { from: 5080, to: 5080 }]],
    );
    lab.network.labRouter!.nat = { overload: false };
    const intent = deriveRouterIntent(lab)!;
    assert.deepEqual(intent.portForwards, []);
    assert.equal(intent.nat, undefined);
  });

  it("splits the lease in days and hours, and needs no DNS proxy when the pool names another server", () => {
    const lab = example();
    const pool = lab.network.labRouter!.dhcpPools[0]!;
    pool.leaseHours = 8;
    pool.dns = ["192.168.1.1"];
    lab.appliance.lan = { address: "172.16.0.10/24", gateway: "172.16.0.1", dns: ["192.168.1.1"] };
    const intent = deriveRouterIntent(lab)!;
    assert.deepEqual(intent.dhcpPools[0]!.lease, { days: 0, hours: 8, minutes: 0 });
    assert.equal(intent.dnsServer, false);
  });

  it("says where the lab is wrong for IOS", () => {
    const lab = example();
    delete lab.network.labRouter!.management.password;
    assert.throws(
      () => deriveRouterIntent(lab),
      (e) => e instanceof RouterIntentError && e.path === "network.labRouter.management.password",
    );
    const noRouter = example();
    delete noRouter.network.labRouter;
    assert.equal(deriveRouterIntent(noRouter), undefined);
  });
});
