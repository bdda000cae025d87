// An IVR whose options are prefixes of each other ("1" and "13") must wait for a further digit
// after "1": that needs an inter-digit timeout. Dial-by-extension adds the extension numbers.
import type { Lab } from "../generated/lab.ts";
import { error, type Finding } from "./finding.ts";

/** Pairs [shorter, longer] where shorter is a proper prefix of longer. */
export function prefixPairs(entries: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const a of entries) {
    for (const b of entries) if (a !== b && b.startsWith(a)) pairs.push([a, b]);
  }
  return pairs.sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]));
}

export function checkIvrPrefixes(lab: Lab): Finding[] {
  const findings: Finding[] = [];
  lab.ivrMenus.forEach((menu, i) => {
    if (menu.interDigitTimeout !== undefined) return;
    const options = Object.keys(menu.options);
    const entries = menu.dialByExtension
      ? [...new Set([...options, ...lab.extensions.map((e) => e.number)])]
      : options;
    const pairs = prefixPairs(entries);
    if (pairs.length === 0) return;
    const listed = pairs.map(([a, b]) => `"${a}" and "${b}"`).join(", ");
    findings.push({
      ...error(
        ["ivrMenus", i, "options"],
        `${listed} start alike: set interDigitTimeout (seconds to wait after "${pairs[0]![0]}" for a further digit)`,
      ),
      atKey: true,
    });
  });
  return findings;
}
