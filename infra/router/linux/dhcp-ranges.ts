// A pool's addresses as ranges dnsmasq can serve: the subnet's hosts minus the excluded ranges and
// the router's own addresses (IOS never leases those; dnsmasq has no "excluded" list).
import { formatIpv4, parseIpv4 } from "../../../schemas/net/ipv4.ts";
import { RouterIntentError } from "../router-errors.ts";
import type { AddressRange, DhcpPool } from "../router-intent.ts";

export function poolRanges(pool: DhcpPool, reserved: string[], path: string): AddressRange[] {
  const num = (a: string, where: string): number => {
    const n = parseIpv4(a);
    if (n === undefined) throw new RouterIntentError(where, `not an address: ${JSON.stringify(a)}`);
    return n;
  };
  const size = 2 ** (32 - pool.subnet.prefixLength);
  const base = num(pool.subnet.network, `${path}.subnet`);
  // /31 and /32 have no network/broadcast addresses to skip.
  let free: [number, number][] = size <= 2 ? [[base, base + size - 1]] : [[base + 1, base + size - 2]];
  const cut = (lo: number, hi: number) => {
    free = free.flatMap(([a, b]): [number, number][] => {
      if (hi < a || lo > b) return [[a, b]];
      const out: [number, number][] = [];
      if (lo > a) out.push([a, lo - 1]);
      if (hi < b) out.push([hi + 1, b]);
      return out;
    });
  };
  for (const [i, r] of pool.excluded.entries()) {
    const where = `${path}.excluded[${i}]`;
    cut(num(r.from, where), num(r.to, where));
  }
  for (const a of reserved) cut(num(a, path), num(a, path));
  if (free.length === 0) throw new RouterIntentError(path, "no address left to lease");
  return free.map(([a, b]) => ({ from: formatIpv4(a), to: formatIpv4(b) }));
}
