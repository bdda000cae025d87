// Resolves the digits collected so far against a menu's options (and extensions when dialling
// by extension is on). Options may be prefixes of each other ("1" and "13"): while the digits
// can still grow into a longer option the caller must wait for the inter-digit timeout; a
// digit string that cannot grow resolves at once. Options win over extensions.
import type { Destination, IvrMenuConfig } from "./ivr-menu-config.ts";

export type DigitMatch =
  | { kind: "match"; destination: Destination; digits: string; via: "option" | "extension" }
  | { kind: "wait" }
  | { kind: "invalid"; digits: string };

export function matchDigits(
  menu: IvrMenuConfig,
  digits: string,
  extensions: readonly string[],
  /** `#` pressed or the inter-digit timeout fired: no more digits will come. */
  final: boolean,
): DigitMatch {
  const exact = exactMatch(menu, digits, extensions);
  if (!final && digits !== "") {
    const longer = (k: string) => k.length > digits.length && k.startsWith(digits);
    const canGrow =
      Object.keys(menu.options).some(longer) || (menu.dialByExtension && extensions.some(longer));
    if (canGrow) return { kind: "wait" };
  }
  return exact ?? { kind: "invalid", digits };
}

function exactMatch(
  menu: IvrMenuConfig,
  digits: string,
  extensions: readonly string[],
): DigitMatch | undefined {
  const opt = menu.options[digits];
  if (opt) return { kind: "match", destination: opt.destination, digits, via: "option" };
  if (menu.dialByExtension && extensions.includes(digits))
    return { kind: "match", destination: { extension: digits }, digits, via: "extension" };
  return undefined;
}
