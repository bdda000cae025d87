// Which lines on the router are pibx's. Everything else — other ACLs, routes, users, a hand-made
// pool — is never changed nor removed, whatever the intent says.
import { inSubnet } from "../ipv4.ts";
import type { ConfigNode } from "./config-node.ts";
import type { IosOwnership, IosSectionKind } from "./ios-desired-config.ts";
import { OWNED_PREFIX } from "./ios-names.ts";

const OWNED_BLOCK: { kind: IosSectionKind; re: RegExp }[] = [
  { kind: "acl", re: /^ip access-list (?:standard|extended) (\S+)$/ },
  { kind: "class-map", re: /^class-map(?: match-(?:any|all))? (\S+)$/ },
  { kind: "policy-map", re: /^policy-map (\S+)$/ },
  { kind: "dhcp-pool", re: /^ip dhcp pool (\S+)$/ },
];

/** The section kind of a top-level node pibx owns, or undefined when it is not pibx's. */
export function ownedTopLevelKind(n: ConfigNode, own: IosOwnership): IosSectionKind | undefined {
  for (const { kind, re } of OWNED_BLOCK) {
    const m = re.exec(n.text);
    if (m) return m[1]!.startsWith(OWNED_PREFIX) ? kind : undefined;
  }
  const excluded = /^ip dhcp excluded-address (\S+)/.exec(n.text);
  if (excluded) {
    return own.poolSubnets.some((s) => inSubnet(excluded[1]!, s.network, s.prefixLength))
      ? "dhcp-excluded"
      : undefined;
  }
  if (/^ip nat inside source list PIBX-/.test(n.text)) return "nat";
  if (own.sipAlgOff && /^no ip nat service sip (?:udp|tcp) port 5060$/.test(n.text)) return "nat";
  const stat = /^ip nat inside source static (tcp|udp) (\S+) \d+ interface \S+ (\d+)/.exec(n.text);
  if (stat) {
    const [, protocol, local, globalPort] = stat;
    const ours =
      own.forwardTargets.includes(local!) || own.forwardPorts.includes(`${protocol}/${globalPort}`);
    return ours ? "nat" : undefined;
  }
  if (own.defaultRoute && /^ip route 0\.0\.0\.0 0\.0\.0\.0 /.test(n.text)) return "route";
  if (own.dnsServer && n.text === "ip dns server") return "dns";
  return undefined;
}

/** The interface sub-commands pibx manages on the interfaces it names. */
const OWNED_INTERFACE_LINE = [
  /^(?:no )?ip address\b/,
  /^ip nat (?:inside|outside)$/,
  // Only pibx's own policies: IOS then refuses to attach a second one, and says so.
  /^service-policy output PIBX-/,
  /^shutdown$/,
];

export function ownsInterfaceLine(text: string): boolean {
  return OWNED_INTERFACE_LINE.some((re) => re.test(text));
}

export function interfaceName(n: ConfigNode): string | undefined {
  return /^interface (\S+)$/.exec(n.text)?.[1];
}
