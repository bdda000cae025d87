// Mask and wildcard forms of a prefix, as IOS writes them, on top of the lab model's IPv4 helpers.
import { formatIpv4, parseIpv4 } from "../../schemas/net/ipv4.ts";

export function prefixToMask(prefixLength: number): string {
  return formatIpv4(2 ** 32 - 2 ** (32 - prefixLength));
}

/** The inverse mask IOS access lists use (`0.0.0.255` for a /24). */
export function prefixToWildcard(prefixLength: number): string {
  return formatIpv4(2 ** (32 - prefixLength) - 1);
}

export function inSubnet(address: string, network: string, prefixLength: number): boolean {
  const a = parseIpv4(address);
  const n = parseIpv4(network);
  if (a === undefined || n === undefined) return false;
  const size = 2 ** (32 - prefixLength);
  return Math.floor(a / size) === Math.floor(n / size);
}
