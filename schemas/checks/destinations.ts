// Every destination leads somewhere that exists.
import type { Destination, Lab } from "../generated/lab.ts";
import type { LabPath } from "../load/path.ts";
import { error, type Finding } from "./finding.ts";
import { unknownName } from "./unknown-name.ts";

export interface DestinationSite {
  readonly path: LabPath;
  readonly destination: Destination;
}

/** Every destination written in the lab, with its path. */
export function destinationSites(lab: Lab): DestinationSite[] {
  const sites: DestinationSite[] = [];
  const add = (path: LabPath, destination: Destination | undefined) => {
    if (destination !== undefined) sites.push({ path, destination });
  };
  lab.extensions.forEach((e, i) => {
    add(["extensions", i, "onNoAnswer"], e.onNoAnswer);
  });
  lab.ringGroups.forEach((g, i) => {
    add(["ringGroups", i, "onNoAnswer"], g.onNoAnswer);
  });
  lab.ivrMenus.forEach((m, i) => {
    for (const [digits, option] of Object.entries(m.options)) {
      add(["ivrMenus", i, "options", digits, "destination"], option?.destination);
    }
    add(["ivrMenus", i, "onInvalid"], m.onInvalid);
    add(["ivrMenus", i, "onTimeout"], m.onTimeout);
    add(["ivrMenus", i, "hours", "afterHours"], m.hours?.afterHours);
  });
  lab.trunks.forEach((t, i) => {
    t.dids.forEach((d, j) => {
      add(["trunks", i, "dids", j, "destination"], d.destination);
    });
  });
  return sites;
}

function resolveDestination(
  lab: Lab,
  destination: Destination,
): { key: string; message: string } | undefined {
  if ("extension" in destination) {
    const known = lab.extensions.map((e) => e.number);
    if (!known.includes(destination.extension)) {
      return { key: "extension", message: unknownName("extension", destination.extension, known) };
    }
  } else if ("ringGroup" in destination) {
    const known = lab.ringGroups.map((g) => g.name);
    if (!known.includes(destination.ringGroup)) {
      return { key: "ringGroup", message: unknownName("ring group", destination.ringGroup, known) };
    }
  } else if ("voicemail" in destination) {
    const extension = lab.extensions.find((e) => e.number === destination.voicemail);
    if (extension === undefined) {
      const known = lab.extensions.filter((e) => e.voicemail !== undefined).map((e) => e.number);
      return { key: "voicemail", message: unknownName("voicemail box", destination.voicemail, known) };
    }
    if (extension.voicemail === undefined) {
      return {
        key: "voicemail",
        message: `extension ${extension.number} has no voicemail box (add voicemail: { pin: … } to it)`,
      };
    }
  } else if ("conference" in destination) {
    const known = lab.conferences.map((c) => c.number);
    if (!known.includes(destination.conference)) {
      return { key: "conference", message: unknownName("conference", destination.conference, known) };
    }
  } else if ("ivr" in destination) {
    const known = lab.ivrMenus.map((m) => m.name);
    if (!known.includes(destination.ivr))
      return { key: "ivr", message: unknownName("IVR menu", destination.ivr, known) };
  }
  return undefined;
}

export function checkDestinations(lab: Lab): Finding[] {
  const findings: Finding[] = [];
  for (const site of destinationSites(lab)) {
    const problem = resolveDestination(lab, site.destination);
    if (problem !== undefined) findings.push(error([...site.path, problem.key], problem.message));
  }
  return findings;
}
