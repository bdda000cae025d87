// IPv4 arithmetic for the checks: addresses as unsigned 32-bit numbers.

export interface Cidr {
  /** The address as written (may have host bits set, e.g. an interface address). */
  readonly address: number;
  readonly prefix: number;
  /** First address of the network. */
  readonly network: number;
  /** Last address of the network (broadcast). */
  readonly last: number;
}

export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    if (part.length > 1 && part.startsWith("0")) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export function parseCidr(text: string): Cidr | undefined {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const address = parseIpv4(m[1]!);
  const prefix = Number(m[2]);
  if (address === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const network = Math.floor(address / size) * size;
  return { address, prefix, network, last: network + size - 1 };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefix}`;
}

/** "a.b.c.d" or "a.b.c.d-a.b.c.e" (first ≤ last). */
export function parseIpv4Range(text: string): Ipv4Range | undefined {
  const [firstText, lastText, ...rest] = text.split("-").map((s) => s.trim());
  if (rest.length > 0 || firstText === undefined) return undefined;
  const first = parseIpv4(firstText);
  const last = lastText === undefined ? first : parseIpv4(lastText);
  if (first === undefined || last === undefined || last < first) return undefined;
  return { first, last };
}

export function cidrContains(outer: Cidr, address: number): boolean {
  return address >= outer.network && address <= outer.last;
}

export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.network >= outer.network && inner.last <= outer.last;
}
