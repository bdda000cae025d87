// The reference home lab of LAB.md as data: boxes (one network namespace each), the three
// segments joining them (a bridge inside its own "switch" namespace), addresses and routes.
// Everything the lab creates is named `pibx-*` so that `down` can find it again after a crash.
import { LabError } from "./lab-error.ts";

export type BoxName = "pstn" | "provider" | "lte-phone" | "home-router" | "lab-router" | "pi" | "desk-phone";
export type SegmentName = "wan" | "home-lan" | "lab-lan";

export interface BoxInterface {
  /**
   * Interface name inside the box's namespace (≤ 15 chars, unique within the box). Names are per
   * namespace: a box may call it what the real machine would (the lab router's eth0/eth1, as
   * examples/virtual-lab/lab.yaml says).
   */
  readonly name: string;
  /** The peer end of the veth, enslaved to the segment's bridge (`pibx-*`, unique across the lab). */
  readonly switchPort: string;
  readonly segment: SegmentName;
  /** CIDR; absent when the address comes from DHCP. */
  readonly address?: string;
}

export interface Route {
  readonly to: string;
  readonly via: string;
}

export interface Box {
  readonly name: BoxName;
  readonly netns: string;
  readonly interfaces: readonly BoxInterface[];
  readonly routes: readonly Route[];
  /** Routers forward; hosts do not. */
  readonly forwarding: boolean;
}

export interface Segment {
  readonly name: SegmentName;
  /** The "switch" namespace that holds the bridge (never the host's namespace). */
  readonly netns: string;
  readonly bridge: string;
  /** Addresses on the bridge itself: only the wan, whose namespace routes the two internet ranges. */
  readonly addresses: readonly string[];
}

export const PREFIX = "pibx-";

export const segments: readonly Segment[] = [
  { name: "wan", netns: "pibx-wan", bridge: "pibx-br-wan", addresses: ["198.51.100.1/24", "203.0.113.1/24"] },
  { name: "home-lan", netns: "pibx-home-lan", bridge: "pibx-br-home", addresses: [] },
  { name: "lab-lan", netns: "pibx-lab-lan", bridge: "pibx-br-lab", addresses: [] },
];

const iface = (name: string, switchPort: string, segment: SegmentName, address?: string): BoxInterface =>
  address === undefined ? { name, switchPort, segment } : { name, switchPort, segment, address };

export const boxes: readonly Box[] = [
  {
    name: "pstn",
    netns: "pibx-pstn",
    interfaces: [iface("pibx-pstn", "pibx-w-pstn", "wan", "198.51.100.20/24")],
    routes: [{ to: "default", via: "198.51.100.1" }],
    forwarding: false,
  },
  {
    name: "provider",
    netns: "pibx-provider",
    interfaces: [iface("pibx-prov", "pibx-w-prov", "wan", "203.0.113.10/24")],
    routes: [{ to: "default", via: "203.0.113.1" }],
    forwarding: false,
  },
  {
    name: "lte-phone",
    netns: "pibx-lte-phone",
    interfaces: [iface("pibx-lte", "pibx-w-lte", "wan", "198.51.100.30/24")],
    routes: [{ to: "default", via: "198.51.100.1" }],
    forwarding: false,
  },
  {
    name: "home-router",
    netns: "pibx-home-router",
    interfaces: [
      iface("pibx-hr-wan", "pibx-w-home", "wan", "203.0.113.2/24"),
      iface("pibx-hr-lan", "pibx-h-home", "home-lan", "192.168.1.1/24"),
    ],
    // Like a consumer router with a static route to the lab network behind the lab router.
    routes: [
      { to: "default", via: "203.0.113.1" },
      { to: "172.16.0.0/24", via: "192.168.1.2" },
    ],
    forwarding: true,
  },
  {
    name: "lab-router",
    netns: "pibx-lab-router",
    interfaces: [
      // Named as a Linux router names them, so that the example's lab.yaml applies as written.
      iface("eth0", "pibx-h-lab", "home-lan", "192.168.1.2/24"),
      iface("eth1", "pibx-l-lab", "lab-lan", "172.16.0.1/24"),
    ],
    routes: [{ to: "default", via: "192.168.1.1" }],
    forwarding: true,
  },
  {
    name: "pi",
    netns: "pibx-pi",
    interfaces: [iface("pibx-pi", "pibx-l-pi", "lab-lan", "172.16.0.10/24")],
    routes: [{ to: "default", via: "172.16.0.1" }],
    forwarding: false,
  },
  {
    name: "desk-phone",
    netns: "pibx-desk-phone",
    interfaces: [iface("pibx-desk", "pibx-l-desk", "lab-lan")],
    routes: [],
    forwarding: false,
  },
];

export function box(name: BoxName): Box {
  const found = boxes.find((b) => b.name === name);
  if (!found) throw new LabError(`unknown box ${name}`);
  return found;
}

export function netnsOf(name: BoxName): string {
  return box(name).netns;
}

/** The box's first static address, without prefix length. */
export function addressOf(name: BoxName, segment?: SegmentName): string {
  const i = box(name).interfaces.find((x) => x.address && (segment === undefined || x.segment === segment));
  if (!i?.address) throw new LabError(`box ${name} has no static address`);
  return i.address.split("/")[0]!;
}

export function interfaceOf(name: BoxName, segment?: SegmentName): string {
  const i = box(name).interfaces.find((x) => segment === undefined || x.segment === segment);
  if (!i) throw new LabError(`box ${name} has no interface on ${segment}`);
  return i.name;
}

export const allNamespaces: readonly string[] = [
  ...segments.map((s) => s.netns),
  ...boxes.map((b) => b.netns),
];

export function isBoxName(s: string): s is BoxName {
  return boxes.some((b) => b.name === s);
}
