// The chain of port forwards from the internet to the appliance, through each NAT the lab declares
// (home router, then lab router): which ports, and at each hop where they are forwarded to.
import type { Appliance, Network, PortForward } from "../../schemas/index.ts";

export interface Forward {
  protocol: "udp" | "tcp";
  port: number;
  /** Last port of a range (inclusive); absent for a single port. */
  endPort?: number;
  description: string;
}

export interface ForwardHop {
  router: "home" | "lab";
  /** How pibx applies the forwards on this router. */
  method: "upnp" | "manual" | "cisco-ios" | "linux";
  /** The router's own (LAN-side) address. */
  address: string;
  /** Where this router forwards the ports: the next router's outside address, or the appliance. */
  forwardTo: string;
}

export interface PortForwardChain {
  forwards: Forward[];
  hops: ForwardHop[];
  /** One line per hop and forward, e.g. `home router 192.168.1.1 (manual): UDP 5060 → …`. */
  checklist: string[];
}

export type ForwardInput = {
  appliance: Pick<Appliance, "lan" | "sip" | "rtp">;
  network: Network;
};

const withoutPrefix = (cidr: string): string => cidr.split("/")[0] ?? cidr;

/** The lab's explicit forwards, or the ones derived from the enabled SIP transports and the RTP range. */
export function forwardedPorts(input: ForwardInput): Forward[] {
  const explicit = input.network.portForwards;
  if (explicit) return explicit.map(fromDeclared);
  const { sip, rtp } = input.appliance;
  const derived: Forward[] = [];
  if (sip.udp.enabled) derived.push({ protocol: "udp", port: sip.udp.port, description: "SIP over UDP" });
  if (sip.tcp.enabled) derived.push({ protocol: "tcp", port: sip.tcp.port, description: "SIP over TCP" });
  if (sip.tls.enabled) derived.push({ protocol: "tcp", port: sip.tls.port, description: "SIP over TLS" });
  derived.push({ protocol: "udp", port: rtp.min, endPort: rtp.max, description: "RTP media" });
  return derived;
}

function fromDeclared(f: PortForward): Forward {
  const forward: Forward = { protocol: f.protocol, port: f.port, description: f.description ?? "" };
  if (f.endPort !== undefined && f.endPort !== f.port) forward.endPort = f.endPort;
  return forward;
}

export function applianceAddress(lan: Appliance["lan"]): string {
  return "address" in lan ? withoutPrefix(lan.address) : "the appliance's DHCP address";
}

/** The hops from the internet inwards: the home router first, then the lab router. */
export function forwardHops(input: ForwardInput): ForwardHop[] {
  const { labRouter, homeRouter } = input.network;
  const appliance = applianceAddress(input.appliance.lan);
  const hops: ForwardHop[] = [];
  if (homeRouter) {
    const outside = labRouter?.interfaces.outside;
    const labOutside =
      outside === undefined
        ? appliance
        : "address" in outside
          ? withoutPrefix(outside.address)
          : `the lab router's DHCP address on ${outside.name}`;
    hops.push({
      router: "home",
      method: homeRouter.kind,
      address: homeRouter.address,
      forwardTo: labOutside,
    });
  }
  if (labRouter) {
    hops.push({
      router: "lab",
      method: labRouter.kind,
      address: withoutPrefix(labRouter.interfaces.inside.address),
      forwardTo: appliance,
    });
  }
  return hops;
}

function describePorts(f: Forward): string {
  const ports = f.endPort === undefined ? `${f.port}` : `${f.port}-${f.endPort}`;
  return `${f.protocol.toUpperCase()} ${ports}${f.description ? ` (${f.description})` : ""}`;
}

export function portForwardChain(input: ForwardInput): PortForwardChain {
  const forwards = forwardedPorts(input);
  const hops = forwardHops(input);
  const checklist = hops.flatMap((hop) =>
    forwards.map(
      (f) => `${hop.router} router ${hop.address} (${hop.method}): ${describePorts(f)} → ${hop.forwardTo}`,
    ),
  );
  return { forwards, hops, checklist };
}
