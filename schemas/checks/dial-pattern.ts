// Outbound dial patterns: digits match themselves, X any digit, Z 1–9, N 2–9, [1-5] a set,
// a trailing "." one or more further digits.

function patternToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "[") {
      const end = pattern.indexOf("]", i);
      source += `[${pattern.slice(i + 1, end)}]`;
      i = end;
    } else if (c === "X" || c === "x") source += "[0-9]";
    else if (c === "Z" || c === "z") source += "[1-9]";
    else if (c === "N" || c === "n") source += "[2-9]";
    else if (c === "." && i === pattern.length - 1) source += "[0-9*#]+";
    else source += c.replace(/[*+#]/, (m) => `\\${m}`);
  }
  return new RegExp(`^${source}$`);
}

export function matchesDialPattern(pattern: string, number: string): boolean {
  return patternToRegExp(pattern).test(number);
}
