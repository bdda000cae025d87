// Phone numbers compared the way people write them: separators dropped, `+<country code>` and the
// international prefix (`011`, `00`) reduced to the national significant number for the site's own
// country, the national (trunk) prefix (`1`, `0`) dropped. So, in North America, `+1 555 0100`,
// `1-555-0100` and `555-0100` are one number; a foreign number keeps a `+` and its country code.

/** The site's dialling conventions (lab model `site.dialing`). */
export interface DialingConventions {
  countryCode: string;
  nationalPrefix: string;
  internationalPrefix: string;
}

export const NANP: DialingConventions = { countryCode: "1", nationalPrefix: "1", internationalPrefix: "011" };

/** Visual separators of RFC 3966 §5.1.1 (and spaces), dropped before anything else. */
const SEPARATORS = /[\s\-.()/]/g;

/** The dialled characters only: digits, `*`, `#`, and a leading `+`. Undefined when other characters remain. */
export function dialString(raw: string): string | undefined {
  const s = raw.replace(SEPARATORS, "");
  return /^\+?[0-9*#]+$/.test(s) ? s : undefined;
}

/**
 * The canonical form of a number: the national significant number for a domestic number, `+` and
 * the full international number for a foreign one. Undefined when raw is not a number at all.
 */
export function normaliseNumber(raw: string, d: DialingConventions = NANP): string | undefined {
  const s = dialString(raw);
  if (s === undefined || /[*#]/.test(s)) return s;
  let international: string | undefined;
  if (s.startsWith("+")) international = s.slice(1);
  else if (
    d.internationalPrefix &&
    s.startsWith(d.internationalPrefix) &&
    s.length > d.internationalPrefix.length
  )
    international = s.slice(d.internationalPrefix.length);
  if (international !== undefined) {
    if (international.length === 0) return undefined;
    return international.startsWith(d.countryCode) && international.length > d.countryCode.length
      ? international.slice(d.countryCode.length)
      : `+${international}`;
  }
  if (d.nationalPrefix && s.startsWith(d.nationalPrefix) && s.length > d.nationalPrefix.length)
    return s.slice(d.nationalPrefix.length);
  return s;
}
