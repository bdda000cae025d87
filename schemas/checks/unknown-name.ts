// The message for a reference to something that does not exist, with the closest existing name.
import { closest } from "../load/suggest.ts";

export function unknownName(kind: string, name: string, known: readonly string[]): string {
  const suggestion = closest(name, known);
  if (suggestion !== undefined) return `unknown ${kind} "${name}" (did you mean "${suggestion}"?)`;
  if (known.length === 0) return `unknown ${kind} "${name}" (none is declared)`;
  return `unknown ${kind} "${name}" (declared: ${known.join(", ")})`;
}
