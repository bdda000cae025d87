// Opening hours close after they open.
import type { Lab } from "../generated/lab.ts";
import { error, type Finding } from "./finding.ts";

export function checkBusinessHours(lab: Lab): Finding[] {
  const findings: Finding[] = [];
  lab.ivrMenus.forEach((menu, i) => {
    menu.hours?.weekly.forEach((hours, j) => {
      if (hours.to <= hours.from) {
        findings.push(
          error(["ivrMenus", i, "hours", "weekly", j, "to"], `must be after from (${hours.from})`),
        );
      }
    });
  });
  return findings;
}
