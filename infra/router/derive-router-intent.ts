// lab.yaml → RouterIntent: everything the lab router must do for the phone system, derived so
// that no piece (a NAT, a forward, an option 160) depends on someone remembering it.
import { dscpValue } from "../../schemas/checks/dscp.ts";
import { provisioningOptions } from "../../schemas/checks/provisioning-options.ts";
import type { Dscp, Lab, PortForward as LabPortForward, LabRouter } from "../../schemas/index.ts";
import { type Cidr, formatIpv4, parseCidr, parseIpv4Range } from "../../schemas/net/ipv4.ts";
import { RouterIntentError } from "./router-errors.ts";
import type {
  DhcpOption,
  DhcpPool,
  InterfaceAddressing,
  PortForward,
  QosClass,
  QosPolicy,
  RouterIntent,
  RouterInterface,
} from "./router-intent.ts";

/** The schema has no router host name; IOS needs one other than `Router` to make SSH keys. */
export const DEFAULT_ROUTER_HOSTNAME = "lab-router";
export const QOS_POLICY_NAME = "voice-out";

/** The router's intent, or undefined when lab.yaml declares no lab router. */
export function deriveRouterIntent(lab: Lab): RouterIntent | undefined {
  const router = lab.network.labRouter;
  if (!router) return undefined;
  const path = "network.labRouter";
  const inside = cidr(router.interfaces.inside.address, `${path}.interfaces.inside.address`);
  const outside = router.interfaces.outside;
  const outsideAddressing: InterfaceAddressing =
    "dhcp" in outside
      ? { kind: "dhcp" }
      : staticAddressing(outside.address, `${path}.interfaces.outside.address`);
  const qos = deriveQos(lab, router);
  const interfaces: RouterInterface[] = [
    {
      name: router.interfaces.inside.name,
      role: "inside",
      addressing: staticAddressing(router.interfaces.inside.address, ""),
    },
    {
      name: outside.name,
      role: "outside",
      addressing: outsideAddressing,
      ...(qos ? { qosPolicyOut: qos.name } : {}),
    },
  ];
  const insideAddress = formatIpv4(inside.address);
  const m = router.management;
  if (router.kind === "cisco-ios" && !m.password) {
    throw new RouterIntentError(
      `${path}.management.password`,
      "pibx logs in to IOS with a password: declare one",
    );
  }
  const nat = router.nat?.overload
    ? {
        insideNetworks: (router.nat.insideNetworks ?? [router.interfaces.inside.address]).map((n, i) =>
          network(cidr(n, `${path}.nat.insideNetworks[${i}]`)),
        ),
        outsideInterface: outside.name,
        sipAlg: false,
      }
    : undefined;
  const pools = router.dhcpPools.map((p, i) => derivePool(lab, p, `${path}.dhcpPools[${i}]`));
  return {
    kind: router.kind,
    hostname: DEFAULT_ROUTER_HOSTNAME,
    domainName: router.dhcpPools.find((p) => p.domain)?.domain ?? lab.site.domain,
    management: {
      address: m.address,
      port: m.port,
      username: m.username,
      ...(m.password ? { passwordSecret: m.password.secret } : {}),
      ...(m.privateKey ? { privateKeySecret: m.privateKey.secret } : {}),
      ...(m.enableSecret ? { enableSecret: m.enableSecret.secret } : {}),
    },
    interfaces,
    defaultRoute: deriveDefaultRoute(router, "dhcp" in outside),
    dhcpPools: pools,
    ...(nat ? { nat } : {}),
    // Static forwards translate to the outside interface's address: they need the NAT.
    portForwards: nat ? derivePortForwards(lab, outside.name) : [],
    qosPolicies: qos ? [qos] : [],
    dnsServer:
      pools.some((p) => p.dnsServers.includes(insideAddress)) ||
      ("dns" in lab.appliance.lan && lab.appliance.lan.dns.includes(insideAddress)),
  };
}

function cidr(text: string, path: string): Cidr {
  const c = parseCidr(text);
  if (!c) throw new RouterIntentError(path, `not an address/prefix: ${JSON.stringify(text)}`);
  return c;
}

function staticAddressing(text: string, path: string): InterfaceAddressing {
  const c = cidr(text, path);
  return { kind: "static", address: formatIpv4(c.address), prefixLength: c.prefix };
}

function network(c: Cidr): { network: string; prefixLength: number } {
  return { network: formatIpv4(c.network), prefixLength: c.prefix };
}

function deriveDefaultRoute(router: LabRouter, outsideByDhcp: boolean): RouterIntent["defaultRoute"] {
  const route = router.defaultRoute;
  if (route && "gateway" in route) return { via: "next-hop", nextHop: route.gateway };
  if (route || outsideByDhcp) return { via: "dhcp" };
  throw new RouterIntentError("network.labRouter.defaultRoute", "a static outside address needs a gateway");
}

function derivePool(lab: Lab, pool: LabRouter["dhcpPools"][number], path: string): DhcpPool {
  const options: DhcpOption[] = [];
  // Written values win; missing ones come from the appliance's provisioning server.
  const prov = provisioningOptions(lab.appliance, pool);
  if (prov) {
    options.push({ code: 150, kind: "ip", addresses: [...prov.tftpServers] });
    options.push({ code: 66, kind: "ascii", value: prov.tftpServerName });
    options.push({ code: 160, kind: "ascii", value: prov.provisioningUrl });
  }
  const hours = pool.leaseHours;
  return {
    name: pool.name.toLowerCase(),
    subnet: network(cidr(pool.network, `${path}.network`)),
    excluded: pool.excluded.map((text, i) => {
      const r = parseIpv4Range(text);
      if (!r)
        throw new RouterIntentError(
          `${path}.excluded[${i}]`,
          `not an address or range: ${JSON.stringify(text)}`,
        );
      return { from: formatIpv4(r.first), to: formatIpv4(r.last) };
    }),
    defaultRouter: [pool.defaultRouter],
    dnsServers: [...pool.dns],
    ...(pool.domain ? { domainName: pool.domain } : {}),
    lease: {
      days: Math.floor(hours / 24),
      hours: Math.floor(hours % 24),
      minutes: Math.round((hours % 1) * 60),
    },
    options,
  };
}

interface PortSet {
  purpose: string;
  protocol: "udp" | "tcp";
  from: number;
  to: number;
}

/** SIP ports of the enabled transports, then the RTP range: the derived forwards. */
function sipPorts(lab: Lab): PortSet[] {
  const { udp, tcp, tls } = lab.appliance.sip;
  const out: PortSet[] = [];
  if (udp.enabled) out.push({ purpose: "SIP over UDP", protocol: "udp", from: udp.port, to: udp.port });
  if (tcp.enabled) out.push({ purpose: "SIP over TCP", protocol: "tcp", from: tcp.port, to: tcp.port });
  if (tls.enabled) out.push({ purpose: "SIP over TLS", protocol: "tcp", from: tls.port, to: tls.port });
  return out;
}

function rtpPorts(lab: Lab): PortSet {
  return { purpose: "RTP media", protocol: "udp", from: lab.appliance.rtp.min, to: lab.appliance.rtp.max };
}

function derivePortForwards(lab: Lab, outsideInterface: string): PortForward[] {
  const listed = lab.network.portForwards;
  const sets: PortSet[] = listed
    ? listed.map((f: LabPortForward) => ({
        purpose: f.description ?? `${f.protocol} ${f.port}${f.endPort ? `-${f.endPort}` : ""}`,
        protocol: f.protocol,
        from: f.port,
        to: f.endPort ?? f.port,
      }))
    : [...sipPorts(lab), rtpPorts(lab)];
  if (sets.length === 0) return [];
  const lan = lab.appliance.lan;
  if (!("address" in lan)) {
    throw new RouterIntentError("appliance.lan", "port forwards need the appliance at a static address");
  }
  const insideAddress = formatIpv4(cidr(lan.address, "appliance.lan.address").address);
  return sets.map((s) => ({
    purpose: s.purpose,
    protocol: s.protocol,
    insideAddress,
    ports: { from: s.from, to: s.to },
    outsidePortStart: s.from,
    outsideInterface,
  }));
}

function deriveQos(lab: Lab, router: LabRouter): QosPolicy | undefined {
  const qos = router.qos;
  if (!qos) return undefined;
  const marks = lab.appliance.dscp;
  const value = (d: Dscp | undefined, fallback: Dscp) => dscpValue(d ?? fallback);
  const classes: QosClass[] = [];
  if (qos.style === "priority") {
    classes.push({
      name: "voice-media",
      match: { kind: "dscp", values: [value(qos.media.dscp, marks.rtp)] },
      priorityPercent: qos.media.percent,
    });
    if (qos.signalling) {
      classes.push({
        name: "voice-signalling",
        match: { kind: "dscp", values: [value(qos.signalling.dscp, marks.sip)] },
        bandwidthPercent: qos.signalling.percent,
      });
    }
  } else {
    const rtp = rtpPorts(lab);
    classes.push({
      name: "voice-media",
      match: { kind: "source-ports", ports: [{ protocol: rtp.protocol, from: rtp.from, to: rtp.to }] },
      bandwidthPercent: qos.media.percent,
      setDscp: value(qos.media.dscp, marks.rtp),
    });
    if (qos.signalling) {
      classes.push({
        name: "voice-signalling",
        match: {
          kind: "source-ports",
          ports: sipPorts(lab).map((p) => ({ protocol: p.protocol, from: p.from, to: p.to })),
        },
        bandwidthPercent: qos.signalling.percent,
        setDscp: value(qos.signalling.dscp, marks.sip),
      });
    }
  }
  return { name: QOS_POLICY_NAME, classes, fairQueueDefault: true };
}
