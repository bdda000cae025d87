// The home router's share of the port-forward chain: internet → home router (public address) →
// lab router's outside address → appliance. The home router forwards each port, unchanged, to the
// lab router's outside address (whose own forwards, in the RouterIntent, reach the appliance); with
// no lab router, straight to the appliance.
//
// That outside address is the one lab.yaml declares, or — when the outside interface takes its
// address by DHCP, as the reference lab's 1841 does from the ISP router — the lease the lab router
// itself reports after convergence (LabRouter's `outsideAddress`, read over SSH). pibx never guesses
// it: without a reported address the plan cannot be made.
import type { Lab } from "../../../schemas/index.ts";
import { parseIpv4 } from "../../../schemas/net/ipv4.ts";
import { applianceAddress, forwardedPorts } from "../../plan/port-forwards.ts";
import type { RouterIntent } from "../router-intent.ts";
import { HomeForwardError } from "./upnp-errors.ts";

export interface HomeForward {
  purpose: string;
  protocol: "udp" | "tcp";
  /** External ports (inclusive); forwarded one to one to the same internal ports. */
  from: number;
  to: number;
}

export interface HomeForwardPlan {
  kind: "upnp" | "manual";
  /** The home router's LAN address (where UPnP requests go). */
  routerAddress: string;
  outsideAddress?: string;
  /** The LAN host receiving the forwards: the lab router's outside address, or the appliance. */
  internalClient: string;
  /**
   * Set when `internalClient` is the lab router's DHCP lease on this interface (as the router
   * reported it): the home router should reserve that address for it, or the forwards go stale.
   */
  leasedOn?: string;
  forwards: HomeForward[];
  /** Each forward through both NAT layers, for people: `UDP 5060: internet → 203.0.113.2 → 192.168.1.2 → 172.16.0.10`. */
  chain: string[];
}

/** What the live routers report, for what lab.yaml leaves to them. */
export interface ObservedAddresses {
  /** The lab router's address on its outside interface ("" when it has none), read over SSH. */
  labRouterOutside?: string;
}

const OUTSIDE_PATH = "network.labRouter.interfaces.outside";

/** Whether the home router's forwards wait for the address the lab router reports (DHCP outside). */
export function needsReportedOutsideAddress(intent: RouterIntent | undefined): boolean {
  return intent?.interfaces.find((i) => i.role === "outside")?.addressing.kind === "dhcp";
}

function labRouterTarget(
  intent: RouterIntent,
  observed: ObservedAddresses,
): { address: string; leasedOn?: string } {
  const outside = intent.interfaces.find((i) => i.role === "outside");
  if (!outside) throw new HomeForwardError(OUTSIDE_PATH, "the lab router has no outside interface");
  if (outside.addressing.kind === "static") return { address: outside.addressing.address };
  const reported = observed.labRouterOutside;
  if (reported === undefined)
    throw new HomeForwardError(
      OUTSIDE_PATH,
      `${outside.name} takes its address by DHCP: the home router's forwards go to the address the lab router reports once converged, and none was given`,
    );
  if (reported === "")
    throw new HomeForwardError(
      OUTSIDE_PATH,
      `the lab router has no DHCP lease on ${outside.name}: is it connected to the home router's LAN, and does the home router serve DHCP there?`,
    );
  if (parseIpv4(reported) === undefined)
    throw new HomeForwardError(
      OUTSIDE_PATH,
      `the lab router reported ${JSON.stringify(reported)}, not an IPv4 address`,
    );
  return { address: reported, leasedOn: outside.name };
}

export function deriveHomeForwards(
  lab: Lab,
  intent: RouterIntent | undefined,
  observed: ObservedAddresses = {},
): HomeForwardPlan | undefined {
  const home = lab.network.homeRouter;
  if (!home) return undefined;
  const appliance = applianceAddress(lab.appliance.lan);
  let internalClient: string;
  let leasedOn: string | undefined;
  let forwards: HomeForward[];
  let hops: string[];
  if (intent) {
    ({ address: internalClient, leasedOn } = labRouterTarget(intent, observed));
    forwards = intent.portForwards.map((f) => ({
      purpose: f.purpose,
      protocol: f.protocol,
      from: f.outsidePortStart,
      to: f.outsidePortStart + f.ports.to - f.ports.from,
    }));
    hops = [internalClient, intent.portForwards[0]?.insideAddress ?? appliance];
  } else {
    if (!("address" in lab.appliance.lan))
      throw new HomeForwardError("appliance.lan", "forwards need the appliance at a static address");
    internalClient = appliance;
    forwards = forwardedPorts(lab).map((f) => ({
      purpose: f.description,
      protocol: f.protocol,
      from: f.port,
      to: f.endPort ?? f.port,
    }));
    hops = [appliance];
  }
  const publicHop = home.outsideAddress ?? "the home router's public address";
  const ports = (f: HomeForward) => (f.from === f.to ? `${f.from}` : `${f.from}-${f.to}`);
  return {
    kind: home.kind,
    routerAddress: home.address,
    ...(home.outsideAddress ? { outsideAddress: home.outsideAddress } : {}),
    internalClient,
    ...(leasedOn ? { leasedOn } : {}),
    forwards,
    chain: forwards.map(
      (f) =>
        `${f.protocol.toUpperCase()} ${ports(f)} (${f.purpose}): internet → ${[publicHop, ...hops].join(" → ")}`,
    ),
  };
}
