// Which source addresses count as "on the lab LAN": TFTP and first-contact (unauthenticated)
// fetches are answered only for them.
import { parseCidr, parseIpv4 } from "../../schemas/net/ipv4.ts";
import { ConfigError } from "../base/index.ts";

export class LanPrefixes {
  private readonly ranges: Array<{ first: number; last: number }>;

  constructor(readonly prefixes: readonly string[]) {
    this.ranges = prefixes.map((p, i) => {
      const c = parseCidr(p);
      if (c === undefined)
        throw new ConfigError(`"${p}" is not an IPv4 prefix`, `provisioning.lanPrefixes[${i}]`);
      return { first: c.network, last: c.last };
    });
  }

  /** Accepts `172.16.0.50` and the IPv4-mapped `::ffff:172.16.0.50` a dual-stack socket reports. */
  contains(address: string): boolean {
    const v4 = parseIpv4(address.replace(/^::ffff:/i, ""));
    return v4 !== undefined && this.ranges.some((r) => v4 >= r.first && v4 <= r.last);
  }
}
