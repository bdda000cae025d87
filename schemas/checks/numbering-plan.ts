// Every number dialled inside the site leads to one thing: extensions, ring groups, conferences,
// IVR menus, the voicemail access number and the emergency numbers share one numbering plan.
import type { Lab } from "../generated/lab.ts";
import type { LabPath } from "../load/path.ts";
import { error, type Finding } from "./finding.ts";

interface PlanEntry {
  readonly number: string;
  readonly owner: string;
  readonly path: LabPath;
}

export function numberingPlan(lab: Lab): PlanEntry[] {
  const entries: PlanEntry[] = [];
  lab.extensions.forEach((e, i) => {
    entries.push({
      number: e.number,
      owner: `extension ${e.number} (${e.name})`,
      path: ["extensions", i, "number"],
    });
  });
  lab.ringGroups.forEach((g, i) => {
    entries.push({ number: g.number, owner: `ring group ${g.name}`, path: ["ringGroups", i, "number"] });
  });
  lab.conferences.forEach((c, i) => {
    entries.push({
      number: c.number,
      owner: `conference ${c.number} (${c.name})`,
      path: ["conferences", i, "number"],
    });
  });
  lab.ivrMenus.forEach((m, i) => {
    if (m.number !== undefined) {
      entries.push({ number: m.number, owner: `IVR menu ${m.name}`, path: ["ivrMenus", i, "number"] });
    }
  });
  entries.push({
    number: lab.voicemail.accessNumber,
    owner: "the voicemail access number",
    path: ["voicemail", "accessNumber"],
  });
  lab.emergency?.numbers.forEach((n, i) => {
    entries.push({ number: n, owner: `emergency number ${n}`, path: ["emergency", "numbers", i] });
  });
  return entries;
}

export function checkNumberingPlan(lab: Lab): Finding[] {
  const findings: Finding[] = [];
  const first = new Map<string, PlanEntry>();
  for (const entry of numberingPlan(lab)) {
    const taken = first.get(entry.number);
    if (taken === undefined) first.set(entry.number, entry);
    else findings.push(error(entry.path, `number ${entry.number} is already used by ${taken.owner}`));
  }
  return findings;
}
