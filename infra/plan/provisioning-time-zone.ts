// An IANA time zone as the rule phones want: standard offset, and the daylight-saving start
// and end as "n-th (or last) weekday of a month at an hour", read from the platform's tz data
// (Intl) for one year.
import type { PlannedTimeZone, PlannedTransition } from "./provisioning-types.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function offsetMinutes(zone: string, at: number): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(new Date(at))
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!m) return 0; // "GMT" alone
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

function abbreviation(zone: string, at: number): string {
  return (
    new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" })
      .formatToParts(new Date(at))
      .find((p) => p.type === "timeZoneName")?.value ?? "UTC"
  );
}

/** The first UTC hour in [from, to) whose offset differs from the offset at from. */
function findChange(zone: string, from: number, to: number): number {
  const before = offsetMinutes(zone, from);
  for (let t = from; t < to; t += HOUR) if (offsetMinutes(zone, t) !== before) return t;
  return to;
}

function transitionAt(zone: string, instant: number): PlannedTransition {
  // Wall-clock time just before the change, in the offset then in force.
  const before = instant - 1;
  const local = new Date(before + offsetMinutes(zone, before) * 60_000);
  const day = local.getUTCDate();
  const month = local.getUTCMonth() + 1;
  const daysInMonth = new Date(Date.UTC(local.getUTCFullYear(), month, 0)).getUTCDate();
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  return {
    month,
    week: day + 7 > daysInMonth ? -1 : Math.ceil(day / 7),
    weekday,
    hour: local.getUTCHours() + 1,
  };
}

export function timeZoneRule(zone: string, year: number): PlannedTimeZone {
  const start = Date.UTC(year, 0, 1);
  const changes: number[] = [];
  let prev = offsetMinutes(zone, start);
  for (let t = start + DAY; t <= Date.UTC(year, 11, 31); t += DAY) {
    const now = offsetMinutes(zone, t);
    if (now !== prev) changes.push(findChange(zone, t - DAY, t));
    prev = now;
  }
  const jan = offsetMinutes(zone, start);
  const jul = offsetMinutes(zone, Date.UTC(year, 6, 1));
  const std = Math.min(jan, jul);
  const stdAt = jan === std ? start : Date.UTC(year, 6, 1);
  const rule = { iana: zone, standardOffsetMinutes: std, standardAbbreviation: abbreviation(zone, stdAt) };
  if (changes.length !== 2 || jan === jul) return rule;
  const [a, b] = changes as [number, number];
  const intoDst = offsetMinutes(zone, a) > offsetMinutes(zone, a - HOUR) ? a : b;
  const outOfDst = intoDst === a ? b : a;
  return {
    ...rule,
    dst: {
      savingMinutes: Math.max(jan, jul) - std,
      abbreviation: abbreviation(zone, intoDst + HOUR),
      start: transitionAt(zone, intoDst),
      end: transitionAt(zone, outOfDst),
    },
  };
}
