// The lab's dial patterns (X any digit, Z 1-9, N 2-9, [..] a set, trailing `.` = one or more
// further digits, leading `+`) in the digit-map syntax of the phones (MGCP digit maps, RFC 3435
// §2.1.5, as adopted by Cisco MPP `Dial_Plan_n_` and Polycom `dialplan.digitmap`).

/** One lab pattern as a digit-map element: `1NXXNXXXXXX` → `1[2-9]xx[2-9]xxxxxx`, `011.` → `011xx.`. */
export function toDigitMapElement(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "X" || c === "x") out += "x";
    else if (c === "Z" || c === "z") out += "[1-9]";
    else if (c === "N" || c === "n") out += "[2-9]";
    else if (c === "[") {
      const close = pattern.indexOf("]", i);
      out += pattern.slice(i, close + 1);
      i = close;
    } else if (c === "." && i === pattern.length - 1) {
      // The lab's "one or more more digits"; a digit map's "." repeats the element 0+ times.
      out += "xx.";
    } else out += c;
  }
  return out;
}

/** `(e1|e2|…)`: the whole digit map. */
export function toDigitMap(patterns: readonly string[]): string {
  return `(${patterns.map(toDigitMapElement).join("|")})`;
}

/** Grandstream's dial-plan syntax (`{ x+ | 1xxxxxxxxxx }`): `x+` stands for "one or more digits". */
export function toGrandstreamDialPlan(patterns: readonly string[]): string {
  const elements = patterns.map((p) => {
    const map = toDigitMapElement(p);
    return map.endsWith("xx.") ? `${map.slice(0, -3)}x+` : map;
  });
  return `{ ${elements.join(" | ")} }`;
}
