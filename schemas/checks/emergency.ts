// Emergency numbers are configured, and some trunk carries them.
import type { Lab } from "../generated/lab.ts";
import { matchesDialPattern } from "./dial-pattern.ts";
import { type Finding, warning } from "./finding.ts";

export function checkEmergency(lab: Lab): Finding[] {
  const emergency = lab.emergency;
  if (emergency === undefined) {
    return [
      warning(
        [],
        'no emergency number is configured: add emergency: { numbers: ["911"] } (or 112, 999, …) so that every phone can reach emergency services',
      ),
    ];
  }
  if (lab.trunks.length === 0) {
    return [warning(["emergency"], "no trunk is declared: emergency calls cannot reach emergency services")];
  }
  if (emergency.trunk !== undefined) return []; // routed through that trunk whatever its patterns
  const findings: Finding[] = [];
  emergency.numbers.forEach((number, i) => {
    const carried = lab.trunks.some((t) => t.outbound.patterns.some((p) => matchesDialPattern(p, number)));
    if (!carried) {
      findings.push(
        warning(
          ["emergency", "numbers", i],
          `no trunk's outbound patterns match emergency number ${number}: add "${number}" to a trunk's outbound.patterns or set emergency.trunk`,
        ),
      );
    }
  });
  return findings;
}
