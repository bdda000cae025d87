// Outbound dial patterns as the lab model defines them (schemas/formats.ts "dial-pattern"):
// digits, `*`, `#` match themselves, `X` any digit, `Z` 1–9, `N` 2–9, `[1-5]`/`[135]` a set, a
// trailing `.` one or more further characters, a leading `+` itself. Compiled once into tokens
// so that both "matches" and "could still match with more digits" (484, RFC 3261 §21.4.22) work.

type Token = { kind: "set"; chars: string } | { kind: "rest" };

export interface DialPattern {
  readonly source: string;
  readonly tokens: readonly Token[];
}

const DIGITS = "0123456789";

function expandSet(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (body[i + 1] === "-" && i + 2 < body.length) {
      const end = body[i + 2]!;
      for (let k = c.charCodeAt(0); k <= end.charCodeAt(0); k++) out += String.fromCharCode(k);
      i += 2;
    } else out += c;
  }
  return out;
}

export function compileDialPattern(pattern: string): DialPattern {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const u = c.toUpperCase();
    if (c === "[") {
      const end = pattern.indexOf("]", i);
      if (end < 0) throw new RangeError(`unterminated [ in dial pattern ${pattern}`);
      tokens.push({ kind: "set", chars: expandSet(pattern.slice(i + 1, end)) });
      i = end;
    } else if (u === "X") tokens.push({ kind: "set", chars: DIGITS });
    else if (u === "Z") tokens.push({ kind: "set", chars: DIGITS.slice(1) });
    else if (u === "N") tokens.push({ kind: "set", chars: DIGITS.slice(2) });
    else if (c === "." && i === pattern.length - 1) tokens.push({ kind: "rest" });
    else tokens.push({ kind: "set", chars: c });
  }
  return { source: pattern, tokens };
}

const REST_CHARS = `${DIGITS}*#`;

/** The whole of number matches the pattern. */
export function matchesPattern(p: DialPattern, number: string): boolean {
  let i = 0;
  for (const t of p.tokens) {
    if (t.kind === "rest") {
      if (i >= number.length) return false;
      for (; i < number.length; i++) if (!REST_CHARS.includes(number[i]!)) return false;
      return true;
    }
    if (i >= number.length || !t.chars.includes(number[i]!)) return false;
    i++;
  }
  return i === number.length;
}

/** number is a strict beginning of something the pattern matches: more digits could complete it. */
export function couldComplete(p: DialPattern, number: string): boolean {
  let i = 0;
  for (const t of p.tokens) {
    if (i === number.length) return true;
    if (t.kind === "rest") return false; // a non-empty rest already matches: not incomplete
    if (!t.chars.includes(number[i]!)) return false;
    i++;
  }
  return false;
}
