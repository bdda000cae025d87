// Names that references use must be unique: device ids, ring groups, IVR menus, trunks, DHCP
// pools; and a DID arrives through one trunk only.
import type { Lab } from "../generated/lab.ts";
import { formatPath, type LabPath } from "../load/path.ts";
import { error, type Finding } from "./finding.ts";

function duplicates(kind: string, items: readonly { name: string; path: LabPath }[]): Finding[] {
  const first = new Map<string, LabPath>();
  const findings: Finding[] = [];
  for (const item of items) {
    const taken = first.get(item.name);
    if (taken === undefined) first.set(item.name, item.path);
    else findings.push(error(item.path, `duplicate ${kind} "${item.name}" (first at ${formatPath(taken)})`));
  }
  return findings;
}

export function checkUniqueNames(lab: Lab): Finding[] {
  const pools = lab.network.labRouter?.dhcpPools ?? [];
  return [
    ...duplicates(
      "device id",
      lab.devices.map((d, i) => ({ name: d.id, path: ["devices", i, "id"] })),
    ),
    ...duplicates(
      "ring group name",
      lab.ringGroups.map((g, i) => ({ name: g.name, path: ["ringGroups", i, "name"] })),
    ),
    ...duplicates(
      "IVR menu name",
      lab.ivrMenus.map((m, i) => ({ name: m.name, path: ["ivrMenus", i, "name"] })),
    ),
    ...duplicates(
      "trunk name",
      lab.trunks.map((t, i) => ({ name: t.name, path: ["trunks", i, "name"] })),
    ),
    ...duplicates(
      "DID",
      lab.trunks.flatMap((t, i) =>
        t.dids.map((d, j) => ({ name: d.number, path: ["trunks", i, "dids", j, "number"] })),
      ),
    ),
    ...duplicates(
      "DHCP pool name",
      pools.map((p, i) => ({ name: p.name, path: ["network", "labRouter", "dhcpPools", i, "name"] })),
    ),
  ];
}
