// A TimeZoneRule written the ways phones want it: a GMT offset, Cisco's DST rule, a POSIX TZ
// string (IEEE Std 1003.1, "TZ" environment variable).
import type { DstTransition, TimeZoneRule } from "./device-provisioning.ts";

/** `GMT-05:00` (Cisco `Time_Zone`): east positive. */
export function gmtOffsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `GMT${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/**
 * Cisco MPP `Daylight_Saving_Time_Rule`: `start=month/day/weekday/hour;end=…;save=hours`, where
 * a positive day with a weekday means "that weekday on or after the day", -1 "the last one".
 */
export function ciscoDstRule(rule: TimeZoneRule): string | undefined {
  if (!rule.dst) return undefined;
  const part = (t: DstTransition) =>
    `${t.month}/${t.week === -1 ? -1 : (t.week - 1) * 7 + 1}/${t.weekday}/${t.hour}`;
  const save = rule.dst.savingMinutes / 60;
  return `start=${part(rule.dst.start)};end=${part(rule.dst.end)};save=${save}`;
}

function posixName(abbreviation: string): string {
  return /^[A-Za-z]{3,}$/.test(abbreviation) ? abbreviation : `<${abbreviation}>`;
}

function posixOffset(minutesEast: number): string {
  // POSIX counts west of Greenwich as positive.
  const west = -minutesEast;
  const abs = Math.abs(west);
  const hm = abs % 60 === 0 ? `${abs / 60}` : `${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, "0")}`;
  return west < 0 ? `-${hm}` : hm;
}

/** `EST5EDT,M3.2.0/2,M11.1.0/2` */
export function posixTz(rule: TimeZoneRule): string {
  const std = `${posixName(rule.standardAbbreviation)}${posixOffset(rule.standardOffsetMinutes)}`;
  if (!rule.dst) return std;
  const m = (t: DstTransition) => `M${t.month}.${t.week === -1 ? 5 : t.week}.${t.weekday % 7}/${t.hour}`;
  const dstOffset =
    rule.dst.savingMinutes === 60 ? "" : posixOffset(rule.standardOffsetMinutes + rule.dst.savingMinutes);
  return `${std}${posixName(rule.dst.abbreviation)}${dstOffset},${m(rule.dst.start)},${m(rule.dst.end)}`;
}
