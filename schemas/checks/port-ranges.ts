// Inclusive port ranges: coverage and overlap.

export interface PortRange {
  readonly first: number;
  readonly last: number;
}

/** The parts of `wanted` that no range of `covering` includes. */
export function uncovered(wanted: PortRange, covering: readonly PortRange[]): PortRange[] {
  const sorted = [...covering].sort((a, b) => a.first - b.first);
  const gaps: PortRange[] = [];
  let next = wanted.first;
  for (const range of sorted) {
    if (range.last < next) continue;
    if (range.first > wanted.last) break;
    if (range.first > next) gaps.push({ first: next, last: range.first - 1 });
    next = Math.max(next, range.last + 1);
    if (next > wanted.last) return gaps;
  }
  if (next <= wanted.last) gaps.push({ first: next, last: wanted.last });
  return gaps;
}

export function overlaps(a: PortRange, b: PortRange): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function formatRange(range: PortRange): string {
  return range.first === range.last ? String(range.first) : `${range.first}–${range.last}`;
}
