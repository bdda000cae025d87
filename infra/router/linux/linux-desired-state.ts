// What pibx wants on a Linux router, rendered from a RouterIntent: the pieces pibx owns, each in the
// form the router itself reports it (nft's listing, the file's bytes, tc's classes), so that a plan
// is a comparison of like with like.

/** Where pibx keeps its files on the router (all owned by pibx; nothing else lives there). */
export interface LinuxPaths {
  /** dnsmasq.conf. */
  configDir: string;
  /** dnsmasq's pidfile. */
  runDir: string;
  /** dnsmasq's lease database. */
  stateDir: string;
}

export const DEFAULT_LINUX_PATHS: LinuxPaths = {
  configDir: "/etc/pibx",
  runDir: "/run/pibx",
  stateDir: "/var/lib/pibx",
};

export type LeafQdisc = "fq_codel" | "sfq" | "pfifo";

export interface LinuxRenderOptions {
  paths?: LinuxPaths;
  /**
   * Rate of the outside link (kbit/s): HTB needs one to share. The lab model has no uplink speed
   * yet; the default is the 100 Mb/s of the reference lab's FastEthernet.
   */
  linkRateKbit?: number;
  /** Leaf of the default class when the policy fair-queues it (`pfifo` where the kernel lacks fq_codel). */
  fairQueueQdisc?: LeafQdisc;
}

export interface NftTable {
  family: "inet" | "ip";
  name: string;
  /** The table as `nft list table` prints it (tabs, one rule a line). */
  text: string;
}

export interface DnsmasqFile {
  path: string;
  pidFile: string;
  content: string;
}

export interface HtbClass {
  /** Minor id in tc's hex notation (`10` is 0x10): the nft rules steer packets with `1:<minor>`. */
  minor: string;
  /** The intent's class name, or `default`. */
  name: string;
  rateKbit: number;
  ceilKbit: number;
  /** HTB serves lower values first: 0 is the strict-priority (EF) class. */
  prio: number;
}

export interface TcShaping {
  device: string;
  linkKbit: number;
  classes: HtbClass[];
  /** The class unclassified traffic goes to. */
  defaultMinor: string;
  /** Leaf qdisc of the default class (omitted: HTB's own pfifo). */
  defaultLeaf?: LeafQdisc;
}

export interface StaticAddress {
  device: string;
  address: string;
  prefixLength: number;
}

export interface LinuxDesiredState {
  /** Owned tables; a table pibx owns but does not want is deleted. */
  tables: NftTable[];
  dnsmasq?: DnsmasqFile;
  shaping: TcShaping[];
  addresses: StaticAddress[];
  /** A static default route; undefined leaves the route to whoever manages it (DHCP). */
  defaultGateway?: string;
  ipForward: true;
  paths: LinuxPaths;
}

/** Every table pibx may create: the planner deletes those of these that are not desired. */
export const OWNED_TABLES: readonly Pick<NftTable, "family" | "name">[] = [
  { family: "inet", name: "pibx" },
  { family: "ip", name: "pibx_nat" },
];

export const tableKey = (t: Pick<NftTable, "family" | "name">): string => `${t.family} ${t.name}`;
