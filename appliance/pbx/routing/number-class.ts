// What kind of number an extension dialled, for its permissions (lab model `extensions[].permissions`)
// and the toll-fraud rules: emergency, premium-rate, international, national.
import { type DialingConventions, normaliseNumber } from "../blacklist/phone-number.ts";

export type NumberClass = "emergency" | "premium" | "international" | "national";

export interface ClassifyOptions {
  dialing: DialingConventions;
  emergencyNumbers: readonly string[];
  /** Premium-rate prefixes as people write them (NANP: `1900`, `1976`). */
  premiumPrefixes: readonly string[];
}

/** NANP premium-rate prefixes (900 and 976 services), written with the trunk prefix. */
export const NANP_PREMIUM_PREFIXES: readonly string[] = ["1900", "1976"];

export function classifyNumber(dialled: string, o: ClassifyOptions): NumberClass {
  if (o.emergencyNumbers.includes(dialled)) return "emergency";
  const canonical = normaliseNumber(dialled, o.dialing) ?? dialled;
  for (const p of o.premiumPrefixes) {
    const cp = normaliseNumber(p, o.dialing);
    if (cp !== undefined && canonical.startsWith(cp)) return "premium";
  }
  // normaliseNumber keeps "+" only for numbers outside the site's country code.
  return canonical.startsWith("+") ? "international" : "national";
}

const RANK = { internal: 0, national: 1, international: 2 } as const;
export type Permission = keyof typeof RANK;

/** Whether permission covers a number of class c (premium is never covered: see the router). */
export function permits(permission: Permission, c: NumberClass): boolean {
  if (c === "emergency") return true;
  if (c === "premium") return false;
  return RANK[permission] >= RANK[c];
}
