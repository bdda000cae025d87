import assert from "node:assert/strict";
import { test } from "node:test";
import type { LabRouter } from "../../schemas/index.ts";
import type { ForwardInput } from "./port-forwards.ts";
import { portForwardChain } from "./port-forwards.ts";

const appliance: ForwardInput["appliance"] = {
  lan: { address: "172.16.0.10/24", gateway: "172.16.0.1", dns: ["172.16.0.1"] },
  sip: {
    udp: { enabled: true, port: 5060 },
    tcp: { enabled: true, port: 5060 },
    tls: { enabled: false, port: 5061 },
  },
  rtp: { min: 10000, max: 10199 },
};
const labRouter: LabRouter = {
  kind: "cisco-ios",
  management: { address: "172.16.0.1", port: 22, username: "admin" },
  interfaces: {
    inside: { name: "Fa0/1", address: "172.16.0.1/24" },
    outside: { name: "Fa0/0", dhcp: true },
  },
  dhcpPools: [],
};

test("double NAT: the home router forwards to the lab router, which forwards to the Pi", () => {
  const chain = portForwardChain({
    appliance,
    network: { homeRouter: { kind: "manual", address: "192.168.1.1" }, labRouter },
  });
  assert.deepEqual(chain.forwards, [
    { protocol: "udp", port: 5060, description: "SIP over UDP" },
    { protocol: "tcp", port: 5060, description: "SIP over TCP" },
    { protocol: "udp", port: 10000, endPort: 10199, description: "RTP media" },
  ]);
  assert.deepEqual(chain.hops, [
    {
      router: "home",
      method: "manual",
      address: "192.168.1.1",
      forwardTo: "the lab router's DHCP address on Fa0/0",
    },
    { router: "lab", method: "cisco-ios", address: "172.16.0.1", forwardTo: "172.16.0.10" },
  ]);
  assert.equal(chain.checklist.length, 6);
  assert.equal(
    chain.checklist[2],
    "home router 192.168.1.1 (manual): UDP 10000-10199 (RTP media) → the lab router's DHCP address on Fa0/0",
  );
});

test("a static lab-router outside address is the home router's target; TLS adds a TCP forward", () => {
  const chain = portForwardChain({
    appliance: { ...appliance, sip: { ...appliance.sip, tls: { enabled: true, port: 5061 } } },
    network: {
      homeRouter: { kind: "upnp", address: "192.168.1.1" },
      labRouter: {
        ...labRouter,
        interfaces: { ...labRouter.interfaces, outside: { name: "eth0", address: "192.168.1.2/24" } },
      },
    },
  });
  assert.equal(chain.hops[0]?.forwardTo, "192.168.1.2");
  assert.deepEqual(chain.forwards[2], { protocol: "tcp", port: 5061, description: "SIP over TLS" });
});

test("explicit forwards are used as declared; a single NAT has one hop straight to the Pi", () => {
  const chain = portForwardChain({
    appliance: { ...appliance, lan: { dhcp: true } },
    network: {
      homeRouter: { kind: "upnp", address: "192.168.1.1" },
      portForwards: [{ protocol: "udp", port: 5080, endPort: 5080, description: "SIP" }],
    },
  });
  assert.deepEqual(chain.forwards, [{ protocol: "udp", port: 5080, description: "SIP" }]);
  assert.deepEqual(chain.hops, [
    { router: "home", method: "upnp", address: "192.168.1.1", forwardTo: "the appliance's DHCP address" },
  ]);
});

test("no routers declared: nothing to forward through", () => {
  const chain = portForwardChain({ appliance, network: {} });
  assert.deepEqual(chain.hops, []);
  assert.deepEqual(chain.checklist, []);
});
