// What the renderer hands the planner: the sections pibx owns, and the facts that decide whether a
// line found on the router is pibx's (so it may change it) or someone else's (so it never does).
import type { Ipv4Network } from "../router-intent.ts";
import type { ConfigNode } from "./config-node.ts";

/** The order sections are created in: each depends only on earlier ones. */
export type IosSectionKind =
  | "acl"
  | "class-map"
  | "policy-map"
  | "dhcp-excluded"
  | "dhcp-pool"
  | "interface"
  | "nat"
  | "route"
  | "dns";

export interface IosSection {
  /** Stable identity shown in plans: `policy-map:PIBX-VOICE-OUT`, `interface:FastEthernet0/1`. */
  id: string;
  kind: IosSectionKind;
  /**
   * Block kinds (acl, class-map, policy-map, dhcp-pool): one top-level node with its children,
   * wholly pibx's. Line kinds (dhcp-excluded, nat, route, dns): top-level lines. Interface: one node whose
   * children are only the sub-commands pibx manages; the interface's other lines are left alone.
   */
  nodes: ConfigNode[];
  /** Interface lines that must be absent (`shutdown`): shown as `no …` in the rendered text. */
  absent?: string[];
}

export interface IosOwnership {
  /** Interfaces whose managed sub-commands pibx owns. */
  interfaces: string[];
  /** `ip dhcp excluded-address` lines inside these subnets are pibx's. */
  poolSubnets: Ipv4Network[];
  /** `ip nat inside source static` entries toward these inside addresses are pibx's. */
  forwardTargets: string[];
  /**
   * …and so are entries holding an outside port pibx forwards (`udp/5060`): two static entries
   * cannot share one, so pibx takes the port over (the plan shows the removal before it applies).
   */
  forwardPorts: string[];
  /** pibx owns the default route (`ip route 0.0.0.0 0.0.0.0 …`). */
  defaultRoute: boolean;
  /** pibx owns `ip dns server` (only when the intent needs it: it never turns off a DNS server it did not ask for). */
  dnsServer: boolean;
  /** pibx owns `no ip nat service sip … port 5060` (it turned the SIP ALG off). */
  sipAlgOff: boolean;
}

export interface IosDesiredConfig {
  sections: IosSection[];
  ownership: IosOwnership;
}
