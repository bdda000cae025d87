// References between parts of the lab resolve: extensions' devices, line keys, ring group
// members, the emergency trunk. (Destinations and secrets have their own checks.)
import type { Lab } from "../generated/lab.ts";
import { error, type Finding, warning } from "./finding.ts";
import { unknownName } from "./unknown-name.ts";

export function checkReferences(lab: Lab): Finding[] {
  const findings: Finding[] = [];
  const deviceIds = lab.devices.map((d) => d.id);
  const extensionNumbers = lab.extensions.map((e) => e.number);
  const boundDevices = new Set<string>();

  lab.extensions.forEach((extension, i) => {
    extension.devices.forEach((id, j) => {
      boundDevices.add(id);
      if (!deviceIds.includes(id))
        findings.push(error(["extensions", i, "devices", j], unknownName("device", id, deviceIds)));
    });
  });

  lab.devices.forEach((device, i) => {
    if (!boundDevices.has(device.id)) {
      findings.push(
        warning(
          ["devices", i, "id"],
          `device "${device.id}" is not bound to any extension (list it in an extension's devices)`,
        ),
      );
    }
    if (device.type !== "desk") return;
    (device.lineKeys ?? []).forEach((key, k) => {
      const path = ["devices", i, "lineKeys", k] as const;
      if ("line" in key) {
        const extension = lab.extensions.find((e) => e.number === key.line);
        if (extension === undefined) {
          findings.push(error([...path, "line"], unknownName("extension", key.line, extensionNumbers)));
        } else if (!extension.devices.includes(device.id)) {
          findings.push(
            error(
              [...path, "line"],
              `extension ${key.line} does not list device "${device.id}" in its devices`,
            ),
          );
        }
      } else if ("blf" in key && !extensionNumbers.includes(key.blf)) {
        findings.push(error([...path, "blf"], unknownName("extension", key.blf, extensionNumbers)));
      }
    });
  });

  lab.ringGroups.forEach((group, i) => {
    group.members.forEach((member, j) => {
      if (!extensionNumbers.includes(member)) {
        findings.push(
          error(["ringGroups", i, "members", j], unknownName("extension", member, extensionNumbers)),
        );
      }
    });
  });

  const trunk = lab.emergency?.trunk;
  if (trunk !== undefined) {
    const trunkNames = lab.trunks.map((t) => t.name);
    if (!trunkNames.includes(trunk))
      findings.push(error(["emergency", "trunk"], unknownName("trunk", trunk, trunkNames)));
  }
  return findings;
}
