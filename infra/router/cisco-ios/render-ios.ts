// RouterIntent → the IOS configuration pibx owns, as sections. Pure: no I/O.
//
// Command forms were checked against command references and real running-configs (README.md):
// DHCP server pool commands, `ip nat inside source`, MQC class-map/policy-map, `ip route`.
import { prefixToMask, prefixToWildcard } from "../ipv4.ts";
import { RouterIntentError } from "../router-errors.ts";
import type {
  DhcpOption,
  DhcpPool,
  PortForward,
  QosClass,
  QosPolicy,
  RouterIntent,
  RouterInterface,
} from "../router-intent.ts";
import { type ConfigNode, node } from "./config-node.ts";
import type { IosDesiredConfig, IosSection } from "./ios-desired-config.ts";
import { iosDscp } from "./ios-dscp.ts";
import { iosName, NAT_ACL_NAME } from "./ios-names.ts";

/**
 * IOS has no port-range form of a static NAT entry (`ip nat inside source static` takes one port;
 * `ip nat portmap` only shapes PAT's own choice of ports). A range is therefore one entry per port,
 * and each entry is a permanent translation in the NAT table of a 128–384 MB router: pibx caps it
 * and asks for a narrower RTP range rather than writing thousands of lines.
 */
export const MAX_STATIC_FORWARD_PORTS = 256;

export const SIP_ALG_OFF = ["no ip nat service sip udp port 5060", "no ip nat service sip tcp port 5060"];

/** The Cisco default: CBWFQ/LLQ may reserve at most 75% of an interface (max-reserved-bandwidth). */
export const MAX_RESERVED_PERCENT = 75;

export function renderIos(intent: RouterIntent): IosDesiredConfig {
  const sections: IosSection[] = [];
  if (intent.nat) sections.push(renderNatAcl(intent.nat.insideNetworks));
  intent.qosPolicies.forEach((policy, i) => {
    checkReservation(policy, `qosPolicies[${i}]`);
    for (const cls of policy.classes) sections.push(...renderClassMap(cls));
    sections.push(renderPolicyMap(policy));
  });
  intent.dhcpPools.forEach((pool, i) => {
    const excluded = pool.excluded.map((r) =>
      node(`ip dhcp excluded-address ${r.from}${r.to === r.from ? "" : ` ${r.to}`}`),
    );
    if (excluded.length)
      sections.push({ id: `dhcp-excluded:${iosName(pool.name)}`, kind: "dhcp-excluded", nodes: excluded });
    sections.push(renderPool(pool, `dhcpPools[${i}]`));
  });
  for (const itf of intent.interfaces) sections.push(renderInterface(itf));
  const nat: ConfigNode[] = [];
  if (intent.nat)
    nat.push(
      node(`ip nat inside source list ${NAT_ACL_NAME} interface ${intent.nat.outsideInterface} overload`),
    );
  for (const [i, f] of intent.portForwards.entries()) nat.push(...renderForward(f, `portForwards[${i}]`));
  // IOS's SIP ALG inspects port 5060 whatever the appliance's port; `no ip nat service sip` turns it off.
  if (intent.nat && !intent.nat.sipAlg) nat.push(...SIP_ALG_OFF.map((l) => node(l)));
  checkForwardCount(nat.filter((n) => n.text.startsWith("ip nat inside source static ")).length);
  if (nat.length) sections.push({ id: "nat", kind: "nat", nodes: nat });
  if (intent.dnsServer) sections.push({ id: "dns-server", kind: "dns", nodes: [node("ip dns server")] });
  if (intent.defaultRoute.via === "next-hop") {
    sections.push({
      id: "route:default",
      kind: "route",
      nodes: [node(`ip route 0.0.0.0 0.0.0.0 ${intent.defaultRoute.nextHop}`)],
    });
  }
  return {
    sections,
    ownership: {
      interfaces: intent.interfaces.map((i) => i.name),
      poolSubnets: intent.dhcpPools.map((p) => p.subnet),
      forwardTargets: [...new Set(intent.portForwards.map((f) => f.insideAddress))],
      forwardPorts: intent.portForwards.flatMap((f) =>
        Array.from(
          { length: f.ports.to - f.ports.from + 1 },
          (_, i) => `${f.protocol}/${f.outsidePortStart + i}`,
        ),
      ),
      // With `ip address dhcp` the router installs the DHCP-learned default itself (distance 254).
      defaultRoute: true,
      dnsServer: intent.dnsServer,
      sipAlgOff: intent.nat !== undefined && !intent.nat.sipAlg,
    },
  };
}

function renderNatAcl(networks: { network: string; prefixLength: number }[]): IosSection {
  const header = `ip access-list standard ${NAT_ACL_NAME}`;
  const entries = networks.map((n) => node(`permit ${n.network} ${prefixToWildcard(n.prefixLength)}`));
  return { id: `acl:${NAT_ACL_NAME}`, kind: "acl", nodes: [node(header, entries)] };
}

// `match-any`: a packet is in the class if any one criterion matches. `match dscp` (without `ip`)
// matches IPv4 and IPv6 alike. Port matches go through an extended ACL: the policy is applied on
// output of the outside interface, after NAT, where the source address is the router's own but
// the forwarded ports are unchanged.
function renderClassMap(cls: QosClass): IosSection[] {
  const name = iosName(cls.name);
  const out: IosSection[] = [];
  let matches: ConfigNode[];
  if (cls.match.kind === "dscp") {
    matches = cls.match.values.map((d) => node(`match dscp ${iosDscp(d)}`));
  } else {
    const acl = iosName(`${cls.name}-ports`);
    const entries = cls.match.ports.map((p) =>
      node(`permit ${p.protocol} any ${p.from === p.to ? `eq ${p.from}` : `range ${p.from} ${p.to}`} any`),
    );
    out.push({ id: `acl:${acl}`, kind: "acl", nodes: [node(`ip access-list extended ${acl}`, entries)] });
    matches = [node(`match access-group name ${acl}`)];
  }
  out.push({
    id: `class-map:${name}`,
    kind: "class-map",
    nodes: [node(`class-map match-any ${name}`, matches)],
  });
  return out;
}

function renderPolicyMap(policy: QosPolicy): IosSection {
  const name = iosName(policy.name);
  const classes = policy.classes.map((cls) => {
    const actions: ConfigNode[] = [];
    if (cls.priorityPercent !== undefined) actions.push(node(`priority percent ${cls.priorityPercent}`));
    if (cls.bandwidthPercent !== undefined) actions.push(node(`bandwidth percent ${cls.bandwidthPercent}`));
    if (cls.setDscp !== undefined) actions.push(node(`set dscp ${iosDscp(cls.setDscp)}`));
    return node(`class ${iosName(cls.name)}`, actions);
  });
  if (policy.fairQueueDefault) classes.push(node("class class-default", [node("fair-queue")]));
  return { id: `policy-map:${name}`, kind: "policy-map", nodes: [node(`policy-map ${name}`, classes)] };
}

function checkReservation(policy: QosPolicy, path: string): void {
  const total = policy.classes.reduce(
    (sum, c) => sum + (c.priorityPercent ?? 0) + (c.bandwidthPercent ?? 0),
    0,
  );
  if (total > MAX_RESERVED_PERCENT) {
    throw new RouterIntentError(
      path,
      `classes reserve ${total}% of the link; IOS allows at most ${MAX_RESERVED_PERCENT}%`,
    );
  }
  for (const cls of policy.classes) {
    if (cls.priorityPercent !== undefined && cls.bandwidthPercent !== undefined) {
      throw new RouterIntentError(
        path,
        `class ${cls.name}: IOS takes either priority or bandwidth in a class, not both`,
      );
    }
  }
}

function renderPool(pool: DhcpPool, path: string): IosSection {
  const name = iosName(pool.name);
  const lines: ConfigNode[] = [
    node(`network ${pool.subnet.network} ${prefixToMask(pool.subnet.prefixLength)}`),
  ];
  if (pool.defaultRouter.length) lines.push(node(`default-router ${pool.defaultRouter.join(" ")}`));
  if (pool.dnsServers.length) lines.push(node(`dns-server ${pool.dnsServers.join(" ")}`));
  if (pool.domainName) lines.push(node(`domain-name ${pool.domainName}`));
  for (const [i, o] of pool.options.entries()) lines.push(node(renderOption(o, `${path}.options[${i}]`)));
  // `lease 1` is IOS's default and `show running-config` never shows it: rendering it would plan
  // the same command on every run.
  const lease = pool.lease;
  if (lease === "infinite") lines.push(node("lease infinite"));
  else if (!(lease.days === 1 && lease.hours === 0 && lease.minutes === 0)) {
    lines.push(
      node(
        `lease ${lease.days}${lease.hours || lease.minutes ? ` ${lease.hours}` : ""}${lease.minutes ? ` ${lease.minutes}` : ""}`,
      ),
    );
  }
  return { id: `dhcp-pool:${name}`, kind: "dhcp-pool", nodes: [node(`ip dhcp pool ${name}`, lines)] };
}

/**
 * `option <code> ascii "<string>"`. The string is always quoted (IOS needs quotes around blanks,
 * and keeps them in the running-config as typed). IOS has no escape for `"` and the option is at
 * most 255 bytes (RFC 2132 §2). `$` is a plain character to IOS: `$PN`/`$MA` reach the phone as
 * typed and the phone expands them. `?` is also stored as is, but the CLI takes a typed `?` as a
 * request for help: the SSH applier sends it as Ctrl-V `?` (see cli-escape.ts).
 */
export function renderOption(option: DhcpOption, path: string): string {
  if (option.code < 1 || option.code > 254)
    throw new RouterIntentError(path, `option code ${option.code} is not 1-254`);
  if (option.kind === "ip") return `option ${option.code} ip ${option.addresses.join(" ")}`;
  const value = option.value;
  if (value.includes('"')) throw new RouterIntentError(path, 'IOS cannot send a `"` in an ascii option');
  if (/[^\x20-\x7e]/.test(value))
    throw new RouterIntentError(path, "ascii option has a non-printable character");
  if (value.length === 0 || value.length > 255)
    throw new RouterIntentError(path, "ascii option must be 1-255 characters");
  return `option ${option.code} ascii "${value}"`;
}

function renderInterface(itf: RouterInterface): IosSection {
  const lines: ConfigNode[] = [];
  const a = itf.addressing;
  lines.push(
    node(a.kind === "dhcp" ? "ip address dhcp" : `ip address ${a.address} ${prefixToMask(a.prefixLength)}`),
  );
  lines.push(node(`ip nat ${itf.role}`));
  if (itf.qosPolicyOut) lines.push(node(`service-policy output ${iosName(itf.qosPolicyOut)}`));
  return {
    id: `interface:${itf.name}`,
    kind: "interface",
    nodes: [node(`interface ${itf.name}`, lines)],
    absent: ["shutdown"],
  };
}

function renderForward(f: PortForward, path: string): ConfigNode[] {
  const { from, to } = f.ports;
  if (from < 1 || to > 65535 || to < from) throw new RouterIntentError(path, `bad port range ${from}-${to}`);
  const out: ConfigNode[] = [];
  for (let port = from; port <= to; port++) {
    const outside = f.outsidePortStart + (port - from);
    out.push(
      node(
        `ip nat inside source static ${f.protocol} ${f.insideAddress} ${port} interface ${f.outsideInterface} ${outside}`,
      ),
    );
  }
  return out;
}

function checkForwardCount(count: number): void {
  if (count > MAX_STATIC_FORWARD_PORTS) {
    throw new RouterIntentError(
      "portForwards",
      `${count} static NAT entries (one per port); an IOS router takes at most ${MAX_STATIC_FORWARD_PORTS} from pibx: narrow the appliance's RTP port range`,
    );
  }
}
