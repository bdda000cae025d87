// What the router has, as read by one state dump (read-linux-state.ts): only the pieces pibx owns
// or must compare with, in the router's own terms.

export interface TcClassActual {
  classid: string;
  parent?: string;
  prio?: number;
  rateBits?: number;
  ceilBits?: number;
}

export interface TcActual {
  root?: { kind: string; handle: string; defaultMinor?: string };
  /** Qdiscs below the root: kind and parent (`1:30`). */
  leaves: { kind: string; parent: string }[];
  classes: TcClassActual[];
  filterCount: number;
}

export interface LinkActual {
  name: string;
  up: boolean;
  /** Global-scope IPv4 addresses. */
  inet: { address: string; prefixLength: number }[];
}

export interface LinuxActualState {
  /** Every nftables table on the router (pibx's and foreign ones). */
  tables: { family: string; name: string }[];
  /** `nft list table` text of the owned tables present, by `family name`. */
  tableText: Record<string, string>;
  dnsmasq: { content?: string; pid?: number };
  tc: Record<string, TcActual>;
  links: LinkActual[];
  defaultGateways: string[];
  ipForward: boolean;
}
