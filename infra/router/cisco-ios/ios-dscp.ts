// DSCP values as IOS names them in `match dscp` / `set dscp` (and shows them, even when typed
// as numbers): ef, cs1–cs7, af11–af43, default. Other values stay numbers.
const NAMES = new Map<number, string>([
  [0, "default"],
  [46, "ef"],
  ...[1, 2, 3, 4, 5, 6, 7].map((n): [number, string] => [n * 8, `cs${n}`]),
  ...[1, 2, 3, 4].flatMap((c) => [1, 2, 3].map((d): [number, string] => [c * 8 + d * 2, `af${c}${d}`])),
]);

export function iosDscp(value: number): string {
  return NAMES.get(value) ?? String(value);
}
