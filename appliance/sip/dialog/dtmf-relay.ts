// application/dtmf-relay INFO bodies (the de facto format Cisco and most phones send):
//   Signal=5
//   Duration=160
import type { DtmfEvent } from "./invite-session-events.ts";

/** Signal (0-9 * # A-D, or event codes 10-16) and Duration in ms; undefined when there is no valid Signal. */
export function parseDtmfRelay(body: Buffer): DtmfEvent | undefined {
  let signal: string | undefined;
  let duration: number | undefined;
  for (const line of body.toString("utf8").split(/\r?\n/)) {
    const m = /^\s*(signal|duration)\s*=\s*(\S+)\s*$/i.exec(line);
    if (!m) continue;
    if (m[1]!.toLowerCase() === "signal") signal = m[2]!;
    else if (/^\d+$/.test(m[2]!)) duration = Number(m[2]);
  }
  if (!signal || !/^[0-9*#A-Da-d]$|^1[0-6]$/.test(signal)) return undefined;
  return duration === undefined ? { signal } : { signal, duration };
}
