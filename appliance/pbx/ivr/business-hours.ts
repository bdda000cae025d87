// Business hours in the site's IANA time zone: an instant is converted to local wall-clock time
// with Intl.DateTimeFormat (no native modules, DST handled by the tz database), then matched
// against the weekly opening hours and the holiday dates.
import { ConfigError } from "../../base/index.ts";
import type { BusinessHours } from "./ivr-menu-config.ts";

export interface LocalTime {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  weekday: "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        weekday: "short",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      });
    } catch {
      throw new ConfigError(`unknown time zone ${JSON.stringify(timeZone)}`, "site.timezone");
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local date, weekday and time of an instant in an IANA zone. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  const weekday = (parts.weekday ?? "").toLowerCase().slice(0, 3) as LocalTime["weekday"];
  const hour = Number(parts.hour) % 24;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    minutes: hour * 60 + Number(parts.minute),
  };
}

function hhmm(s: string, path: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) throw new ConfigError(`bad time ${s}`, path);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** True when the site is open at `instant`: not a holiday and inside one weekly range [from, to). */
export function isOpen(hours: BusinessHours, instant: Date, timeZone: string): boolean {
  const local = localTime(instant, timeZone);
  if (hours.holidays.includes(local.date)) return false;
  return hours.weekly.some(
    (h, i) =>
      h.days.includes(local.weekday) &&
      local.minutes >= hhmm(h.from, `weekly[${i}].from`) &&
      local.minutes < hhmm(h.to, `weekly[${i}].to`),
  );
}
