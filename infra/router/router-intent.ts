// RouterIntent: what the lab router must do, as pure data. Derived from lab.yaml, consumed by a
// backend (Cisco IOS over SSH, or a Linux router). Vendor syntax lives in the backends, not here.

export type RouterKind = "cisco-ios" | "linux";

/** An IPv4 network in CIDR terms (the backends turn it into mask or wildcard form). */
export interface Ipv4Network {
  network: string;
  prefixLength: number;
}

export type InterfaceAddressing =
  | { kind: "dhcp" }
  | { kind: "static"; address: string; prefixLength: number };

export interface RouterInterface {
  /** The router's own name for it, expanded (`FastEthernet0/1`, `eth1`). */
  name: string;
  role: "inside" | "outside";
  addressing: InterfaceAddressing;
  /** Name (without vendor prefix) of the QoS policy applied to traffic leaving this interface. */
  qosPolicyOut?: string;
}

/** `dhcp`: the default route the outside interface learns by DHCP; `next-hop`: a static route. */
export type DefaultRoute = { via: "dhcp" } | { via: "next-hop"; nextHop: string };

export interface AddressRange {
  from: string;
  to: string;
}

export type DhcpOption =
  | { code: number; kind: "ip"; addresses: string[] }
  /** Sent verbatim; `$PN`/`$MA` in option 160 are expanded by the phone, not the server. */
  | { code: number; kind: "ascii"; value: string };

/** Lease time; IOS's default is one day. */
export type DhcpLease = { days: number; hours: number; minutes: number } | "infinite";

export interface DhcpPool {
  /** Short name (`lab`); the IOS backend renders `PIBX-LAB`. */
  name: string;
  subnet: Ipv4Network;
  excluded: AddressRange[];
  defaultRouter: string[];
  dnsServers: string[];
  domainName?: string;
  lease: DhcpLease;
  options: DhcpOption[];
}

/** Many-to-one NAT of the inside networks to the outside interface's address. */
export interface NatOverload {
  insideNetworks: Ipv4Network[];
  outsideInterface: string;
  /**
   * Leave the router's SIP application-level gateway on. pibx turns it off: the appliance does its
   * own NAT traversal, and an ALG rewriting SIP and SDP behind a second NAT gives the provider
   * private addresses of the ISP's LAN.
   */
  sipAlg: boolean;
}

/** A static port forward from the outside interface's address to an inside host. */
export interface PortForward {
  /** Why it exists (`trunk SIP`, `RTP media`): shown in plans and checklists. */
  purpose: string;
  protocol: "udp" | "tcp";
  insideAddress: string;
  /** Inclusive range; a single port has from === to. Outside ports map one to one. */
  ports: { from: number; to: number };
  outsidePortStart: number;
  outsideInterface: string;
}

/** How a class recognises its packets. DSCP values are the 6-bit numbers (EF = 46, CS3 = 24). */
export type QosMatch =
  | { kind: "dscp"; values: number[] }
  /** By source port, which the static forwards keep through the NAT (the address they do not). */
  | { kind: "source-ports"; ports: { protocol: "udp" | "tcp"; from: number; to: number }[] };

export interface QosClass {
  /** Short name (`voice-media`); the IOS backend renders `PIBX-VOICE-MEDIA`. */
  name: string;
  match: QosMatch;
  /** Low-latency (strict priority) queue with this share of the link. */
  priorityPercent?: number;
  /** Guaranteed share of the link (CBWFQ). */
  bandwidthPercent?: number;
  /** Re-mark matched packets with this DSCP value (the reference lab's own style). */
  setDscp?: number;
}

export interface QosPolicy {
  name: string;
  classes: QosClass[];
  /** Fair-queue whatever no class matched. */
  fairQueueDefault: boolean;
}

export interface RouterManagement {
  address: string;
  port: number;
  username: string;
  /** Names of secrets (resolved by the caller, never stored in the intent). */
  passwordSecret?: string;
  privateKeySecret?: string;
  enableSecret?: string;
}

export interface RouterIntent {
  kind: RouterKind;
  hostname: string;
  domainName: string;
  management: RouterManagement;
  interfaces: RouterInterface[];
  defaultRoute: DefaultRoute;
  dhcpPools: DhcpPool[];
  nat?: NatOverload;
  portForwards: PortForward[];
  qosPolicies: QosPolicy[];
  /**
   * The router answers DNS on the inside (forwarding to the servers it learns or is given): needed
   * when a pool or the appliance is told to use the router's own address as DNS server.
   */
  dnsServer: boolean;
}
