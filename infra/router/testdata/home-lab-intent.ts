// The reference lab's router intent, written by hand from examples/home-lab/lab.yaml: a Cisco 1841
// with the lab LAN 172.16.0.0/24 on FastEthernet0/1, its outside by DHCP from the ISP router
// 192.168.1.1 on FastEthernet0/0, the appliance at 172.16.0.10. The golden files and the simulator
// tests use it; deriveRouterIntent(examples/home-lab) must equal it.
import type { RouterIntent } from "../router-intent.ts";

export const APPLIANCE = "172.16.0.10";

export function homeLabIntent(): RouterIntent {
  return {
    kind: "cisco-ios",
    hostname: "lab-router",
    domainName: "lab.home.arpa",
    management: {
      address: "172.16.0.1",
      port: 22,
      username: "admin",
      passwordSecret: "routerPassword",
      enableSecret: "routerEnable",
    },
    interfaces: [
      {
        name: "FastEthernet0/1",
        role: "inside",
        addressing: { kind: "static", address: "172.16.0.1", prefixLength: 24 },
      },
      { name: "FastEthernet0/0", role: "outside", addressing: { kind: "dhcp" }, qosPolicyOut: "voice-out" },
    ],
    defaultRoute: { via: "next-hop", nextHop: "192.168.1.1" },
    dhcpPools: [
      {
        name: "lab",
        subnet: { network: "172.16.0.0", prefixLength: 24 },
        excluded: [{ from: "172.16.0.1", to: "172.16.0.99" }],
        defaultRouter: ["172.16.0.1"],
        dnsServers: ["172.16.0.1"],
        domainName: "lab.home.arpa",
        lease: { days: 1, hours: 0, minutes: 0 },
        options: [
          { code: 150, kind: "ip", addresses: [APPLIANCE] },
          { code: 66, kind: "ascii", value: APPLIANCE },
          { code: 160, kind: "ascii", value: `http://${APPLIANCE}/prov/$PN/$MA.xml` },
        ],
      },
    ],
    nat: {
      insideNetworks: [{ network: "172.16.0.0", prefixLength: 24 }],
      outsideInterface: "FastEthernet0/0",
      sipAlg: false,
    },
    portForwards: [
      {
        purpose: "SIP over UDP",
        protocol: "udp",
        insideAddress: APPLIANCE,
        ports: { from: 5060, to: 5060 },
        outsidePortStart: 5060,
        outsideInterface: "FastEthernet0/0",
      },
      {
        purpose: "SIP over TCP",
        protocol: "tcp",
        insideAddress: APPLIANCE,
        ports: { from: 5060, to: 5060 },
        outsidePortStart: 5060,
        outsideInterface: "FastEthernet0/0",
      },
      {
        purpose: "RTP media",
        protocol: "udp",
        insideAddress: APPLIANCE,
        ports: { from: 10000, to: 10199 },
        outsidePortStart: 10000,
        outsideInterface: "FastEthernet0/0",
      },
    ],
    qosPolicies: [
      {
        name: "voice-out",
        classes: [
          { name: "voice-media", match: { kind: "dscp", values: [46] }, priorityPercent: 20 },
          { name: "voice-signalling", match: { kind: "dscp", values: [24] }, bandwidthPercent: 5 },
        ],
        fairQueueDefault: true,
      },
    ],
    // The pool hands out the router's own address as DNS server.
    dnsServer: true,
  };
}
