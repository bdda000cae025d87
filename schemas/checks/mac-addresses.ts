// Desk phones' MAC addresses are well-formed and unique, whatever the spelling.
import type { Lab } from "../generated/lab.ts";
import { formatPath, type LabPath } from "../load/path.ts";
import { error, type Finding } from "./finding.ts";

/**
 * The MAC address as 12 lowercase hex digits, from `00:1B:54:AA:BB:CC`, `00-1b-54-aa-bb-cc`,
 * `001b.54aa.bbcc` or `001B54AABBCC`; undefined when it is none of these.
 */
export function normalizeMac(text: string): string | undefined {
  const t = text.trim();
  const patterns = [
    /^([0-9a-f]{2})([:-])([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/i,
    /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$/i,
    /^([0-9a-f]{12})$/i,
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(t);
    if (m)
      return m
        .slice(1)
        .filter((part) => part !== ":" && part !== "-")
        .join("")
        .toLowerCase();
  }
  return undefined;
}

/** `00:1b:54:aa:bb:cc` */
export function formatMac(normalized: string): string {
  return normalized.match(/../g)!.join(":");
}

export function checkMacAddresses(lab: Lab): Finding[] {
  const findings: Finding[] = [];
  const seen = new Map<string, { id: string; path: LabPath }>();
  lab.devices.forEach((device, i) => {
    if (device.type !== "desk") return;
    const path = ["devices", i, "mac"];
    const mac = normalizeMac(device.mac);
    if (mac === undefined) {
      findings.push(error(path, `"${device.mac}" is not a MAC address (write it like 00:1B:54:AA:BB:CC)`));
      return;
    }
    const taken = seen.get(mac);
    if (taken !== undefined) {
      findings.push(
        error(
          path,
          `MAC address ${formatMac(mac)} is already used by device "${taken.id}" (${formatPath(taken.path)})`,
        ),
      );
    } else {
      seen.set(mac, { id: device.id, path });
    }
  });
  return findings;
}
