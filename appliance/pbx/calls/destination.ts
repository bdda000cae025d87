// A destination as the config writes it (`{ ivr: "main" }`: exactly one key) checked into the
// typed union the PBX routes on; anything else is undefined.
import type { Destination } from "./call-deps.ts";

const STRING_KEYS = ["extension", "ringGroup", "voicemail", "conference", "ivr", "mailboxAccess"] as const;

export function toDestination(x: unknown): Destination | undefined {
  if (x === null || typeof x !== "object") return undefined;
  const entries = Object.entries(x).filter(([, v]) => v !== undefined);
  if (entries.length !== 1) return undefined;
  const [key, value] = entries[0]!;
  if (key === "hangup") return value === true ? { hangup: true } : undefined;
  if (typeof value !== "string" || value === "") return undefined;
  for (const k of STRING_KEYS) if (k === key) return { [k]: value } as Destination;
  return undefined;
}

/** `{ ivr: "main" }` as `ivr:main` (logs, CDRs). */
export function describeDestination(d: Destination): string {
  const [k, v] = Object.entries(d)[0] ?? ["?", ""];
  return `${k}:${String(v)}`;
}
