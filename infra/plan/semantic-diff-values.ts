// The vocabulary of the semantic preview: how values, destinations and field names read in a line
// such as "IVR main: option 13 now rings extension 101 instead of 100". Pure.
import type { Destination } from "../../schemas/index.ts";

const destinationKeys = ["extension", "ringGroup", "voicemail", "conference", "ivr", "hangup"] as const;

export function isDestination(value: unknown): value is Destination {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (destinationKeys as readonly string[]).includes(keys[0] ?? "");
}

/** What a call does there: "rings extension 101", "goes to voicemail 100", "hangs up". */
export function destinationAction(d: Destination): string {
  if ("extension" in d) return `rings extension ${d.extension}`;
  if ("ringGroup" in d) return `rings ring group ${d.ringGroup}`;
  if ("voicemail" in d) return `goes to voicemail ${d.voicemail}`;
  if ("conference" in d) return `joins conference ${d.conference}`;
  if ("ivr" in d) return `enters IVR ${d.ivr}`;
  return "hangs up";
}

/** The old destination after "instead of": only its target when the kind is the same. */
export function previousDestination(before: Destination, after: Destination): string {
  const kind = (d: Destination) => Object.keys(d)[0];
  if (kind(before) === kind(after) && !("hangup" in before)) return String(Object.values(before)[0]);
  return destinationAction(before).replace(/^(rings|goes to|joins|enters) /, "");
}

/** Field names as words: `ringTimeout` → "ring timeout"; a few get their phone-system name. */
const fieldWords: Readonly<Record<string, string>> = {
  provisioningUrl: "DHCP option 160",
  tftpServers: "DHCP option 150",
  tftpServerName: "DHCP option 66",
  onNoAnswer: "no answer",
  onInvalid: "invalid entry",
  onTimeout: "timeout",
  afterHours: "after hours",
  rtp: "RTP",
  sip: "SIP",
  udp: "UDP",
  tcp: "TCP",
  tls: "TLS",
  dscp: "DSCP",
  nat: "NAT",
  qos: "QoS",
  did: "DID",
  dids: "DIDs",
  ssh: "SSH",
  lan: "LAN",
  dns: "DNS",
  mac: "MAC",
  sizeGiB: "size (GiB)",
};

export function fieldWord(key: string): string {
  return fieldWords[key] ?? key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

/** A value in one line: strings bare, lists comma-separated, objects as `key value` pairs. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return "nothing";
  if (typeof value === "string") return value === "" ? '""' : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(formatValue).join(", ");
  if (isDestination(value)) return destinationAction(value);
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return entries.map(([k, v]) => `${fieldWord(k)} ${formatValue(v)}`).join(", ");
}

/** Numeric strings in numeric order ("9" < "13"), then the rest in code-unit order: stable. */
export function compareKeys(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb && a.length !== b.length) return a.length - b.length;
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
