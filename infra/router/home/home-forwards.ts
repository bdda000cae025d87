// The home router's share of the port-forward chain: internet → home router (public address) →
// lab router's outside address → appliance. The home router forwards each port, unchanged, to the
// lab router's outside address (whose own forwards, in the RouterIntent, reach the appliance); with
// no lab router, straight to the appliance.
import type { Lab } from "../../../schemas/index.ts";
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
  forwards: HomeForward[];
  /** Each forward through both NAT layers, for people: `UDP 5060: internet → 203.0.113.2 → 192.168.1.2 → 172.16.0.10`. */
  chain: string[];
}

export function deriveHomeForwards(lab: Lab, intent: RouterIntent | undefined): HomeForwardPlan | undefined {
  const home = lab.network.homeRouter;
  if (!home) return undefined;
  const appliance = applianceAddress(lab.appliance.lan);
  let internalClient: string;
  let forwards: HomeForward[];
  let hops: string[];
  if (intent) {
    const outside = intent.interfaces.find((i) => i.role === "outside");
    if (outside?.addressing.kind !== "static")
      throw new HomeForwardError(
        "network.labRouter.interfaces.outside",
        "the home router forwards to the lab router's outside address: give it a static address",
      );
    internalClient = outside.addressing.address;
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
    forwards,
    chain: forwards.map(
      (f) =>
        `${f.protocol.toUpperCase()} ${ports(f)} (${f.purpose}): internet → ${[publicHop, ...hops].join(" → ")}`,
    ),
  };
}
