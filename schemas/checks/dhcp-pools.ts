// DHCP pools sit inside the lab router's inside network, hand out a default router of their own
// network, and never lease the appliance's static address.
import type { Lab } from "../generated/lab.ts";
import {
  type Cidr,
  cidrContains,
  cidrWithin,
  formatCidr,
  formatIpv4,
  parseCidr,
  parseIpv4,
  parseIpv4Range,
} from "../net/ipv4.ts";
import { error, type Finding, warning } from "./finding.ts";

export function checkDhcpPools(lab: Lab): Finding[] {
  const router = lab.network.labRouter;
  const lan = lab.appliance.lan;
  const findings: Finding[] = [];
  const inside = router === undefined ? undefined : parseCidr(router.interfaces.inside.address);
  const appliance = "address" in lan ? parseCidr(lan.address) : undefined;

  if (router !== undefined && inside !== undefined && appliance !== undefined && "address" in lan) {
    if (!cidrContains(inside, appliance.address)) {
      findings.push(
        error(
          ["appliance", "lan", "address"],
          `${formatIpv4(appliance.address)} is not in the lab network ${formatCidr(inside)} (${router.interfaces.inside.name})`,
        ),
      );
    } else if (lan.gateway !== formatIpv4(inside.address)) {
      findings.push(
        warning(
          ["appliance", "lan", "gateway"],
          `${lan.gateway} is not the lab router's inside address ${formatIpv4(inside.address)}`,
        ),
      );
    }
  }

  (router?.dhcpPools ?? []).forEach((pool, i) => {
    const path = ["network", "labRouter", "dhcpPools", i] as const;
    const network = parseCidr(pool.network);
    if (network === undefined) return;
    if (inside !== undefined && !cidrWithin(network, inside)) {
      findings.push(
        error(
          [...path, "network"],
          `${formatCidr(network)} is not inside the router's inside network ${formatCidr(inside)} (${router!.interfaces.inside.name})`,
        ),
      );
    }
    const gateway = parseIpv4(pool.defaultRouter);
    if (gateway !== undefined && !cidrContains(network, gateway)) {
      findings.push(
        error(
          [...path, "defaultRouter"],
          `${pool.defaultRouter} is not in the pool's network ${formatCidr(network)}`,
        ),
      );
    }
    pool.excluded.forEach((text, j) => {
      const range = parseIpv4Range(text);
      if (
        range !== undefined &&
        (!cidrContains(network, range.first) || !cidrContains(network, range.last))
      ) {
        findings.push(
          warning([...path, "excluded", j], `${text} is not in the pool's network ${formatCidr(network)}`),
        );
      }
    });
    if (appliance !== undefined && leasable(network, pool.excluded, appliance.address)) {
      findings.push(
        error(
          ["appliance", "lan", "address"],
          `${formatIpv4(appliance.address)} is in the dynamic range of DHCP pool "${pool.name}": add it to dhcpPools[${i}].excluded`,
        ),
      );
    }
    const options = pool.options;
    const derived =
      options.tftpServers === undefined ||
      options.tftpServerName === undefined ||
      options.provisioningUrl === undefined;
    if (derived && appliance === undefined) {
      findings.push(
        warning(
          [...path, "options"],
          "options 150/66/160 cannot be derived: the appliance has no static address (give it one, or set the options)",
        ),
      );
    }
  });
  return findings;
}

/** The pool would lease `address`: inside the network, not its network/broadcast address, not excluded. */
function leasable(network: Cidr, excluded: readonly string[], address: number): boolean {
  if (!cidrContains(network, address) || address === network.network || address === network.last)
    return false;
  return !excluded.some((text) => {
    const range = parseIpv4Range(text);
    return range !== undefined && address >= range.first && address <= range.last;
  });
}
