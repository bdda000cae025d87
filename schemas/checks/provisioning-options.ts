// DHCP options 150/66/160 lead the phones to the appliance's provisioning server: the derived
// values, and warnings when values written by hand point elsewhere.
import type { Appliance, DhcpPool, Lab } from "../generated/lab.ts";
import { formatIpv4, parseCidr } from "../net/ipv4.ts";
import { type Finding, warning } from "./finding.ts";

export interface ProvisioningOptions {
  /** Option 150. */
  readonly tftpServers: string[];
  /** Option 66. */
  readonly tftpServerName: string;
  /** Option 160. */
  readonly provisioningUrl: string;
}

/** The options a pool hands out: its own where written, else derived from a static appliance. */
export function provisioningOptions(appliance: Appliance, pool: DhcpPool): ProvisioningOptions | undefined {
  const derived = derivedOptions(appliance);
  const { tftpServers, tftpServerName, provisioningUrl } = pool.options;
  if (
    derived === undefined &&
    (tftpServers === undefined || tftpServerName === undefined || provisioningUrl === undefined)
  ) {
    return undefined;
  }
  return {
    tftpServers: tftpServers ?? derived!.tftpServers,
    tftpServerName: tftpServerName ?? derived!.tftpServerName,
    provisioningUrl: provisioningUrl ?? derived!.provisioningUrl,
  };
}

function derivedOptions(appliance: Appliance): ProvisioningOptions | undefined {
  const lan = appliance.lan;
  if (!("address" in lan)) return undefined;
  const address = formatIpv4(parseCidr(lan.address)!.address);
  const port = appliance.provisioning.httpPort === 80 ? "" : `:${appliance.provisioning.httpPort}`;
  return {
    tftpServers: [address],
    tftpServerName: address,
    provisioningUrl: `http://${address}${port}${appliance.provisioning.pathPrefix}/$PN/$MA.xml`,
  };
}

export function checkProvisioningOptions(lab: Lab): Finding[] {
  const derived = derivedOptions(lab.appliance);
  if (derived === undefined) return [];
  const address = derived.tftpServerName;
  const findings: Finding[] = [];
  (lab.network.labRouter?.dhcpPools ?? []).forEach((pool, i) => {
    const path = ["network", "labRouter", "dhcpPools", i, "options"] as const;
    const { tftpServers, tftpServerName, provisioningUrl } = pool.options;
    if (tftpServers !== undefined && !tftpServers.includes(address)) {
      findings.push(warning([...path, "tftpServers"], `option 150 does not list the appliance (${address})`));
    }
    if (
      tftpServerName !== undefined &&
      tftpServerName !== address &&
      tftpServerName !== lab.appliance.hostname
    ) {
      findings.push(
        warning([...path, "tftpServerName"], `option 66 does not name the appliance (${address})`),
      );
    }
    if (provisioningUrl !== undefined) {
      const url = /^(\w+):\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(provisioningUrl);
      const prefix = `${lab.appliance.provisioning.pathPrefix}/`;
      const httpPort = String(lab.appliance.provisioning.httpPort);
      const host = url?.[2];
      const fits =
        url !== null &&
        (host === address || host === lab.appliance.hostname) &&
        (url[1] !== "http" || (url[3] ?? "80") === httpPort) &&
        (url[1] === "tftp" || (url[4] ?? "/").startsWith(prefix));
      if (!fits) {
        findings.push(
          warning(
            [...path, "provisioningUrl"],
            `option 160 does not point at the appliance's provisioning server (${derived.provisioningUrl})`,
          ),
        );
      }
    }
  });
  return findings;
}
