// The home router's forwards must have a host to point at that pibx can know, and a way to be
// opened: caught here, with the line, rather than halfway through `pulumi up`.
//  - No lab router: the home router forwards straight to the appliance, which needs a static
//    address (a lab router's outside address may come from DHCP: pibx reads the lease from it).
//  - `upnp`: an IGD maps ports only to the LAN host asking, so pibx asks through the lab router
//    over SSH (port forwarding of its SSH server); Cisco IOS's SSH server has none.
import type { Lab } from "../generated/lab.ts";
import { error, type Finding } from "./finding.ts";

export function checkHomeForwards(lab: Lab): Finding[] {
  const { homeRouter, labRouter } = lab.network;
  if (!homeRouter) return [];
  const findings: Finding[] = [];
  if (!labRouter && !("address" in lab.appliance.lan))
    findings.push(
      error(
        ["appliance", "lan"],
        "the home router forwards the trunk's ports straight to the appliance: give it a static address (address, gateway, dns)",
      ),
    );
  if (homeRouter.kind === "upnp" && labRouter?.kind === "cisco-ios")
    findings.push(
      error(
        ["network", "homeRouter", "kind"],
        "pibx requests UPnP mappings through the lab router's SSH, which Cisco IOS cannot relay: use `manual` (pibx prints the forwards to set)",
      ),
    );
  return findings;
}
