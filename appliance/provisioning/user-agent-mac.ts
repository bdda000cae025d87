// Phones that put their own MAC in the HTTP User-Agent: a request whose User-Agent names one MAC
// and whose path names another device's file is refused (a misconfigured phone, or someone
// trying MACs). Formats as sent by the firmware:
//   Cisco MPP   `Cisco-CP-7821-3PCC/11.3.7 (001b54aabbcc)`
//   Yealink     `Yealink SIP-T46U 108.86.0.20 00:15:65:aa:bb:01`
//   Grandstream `Grandstream Model HW GXP2170 SW 1.0.11.3 DevId 000b82aabb02`
import { normalizeMacText } from "./mac-address.ts";

const PATTERNS: readonly RegExp[] = [
  /^Cisco-[\w-]+\/\S+ \(([0-9a-fA-F]{12})\)/,
  /^Yealink .* ([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})$/,
  /^Grandstream .*\bDevId ([0-9a-fA-F]{12})\b/,
];

/** The MAC the User-Agent claims (12 lowercase hex digits), if it claims one. */
export function macFromUserAgent(userAgent: string | undefined): string | undefined {
  if (userAgent === undefined) return undefined;
  for (const p of PATTERNS) {
    const m = p.exec(userAgent.trim());
    if (m) return normalizeMacText(m[1]!);
  }
  return undefined;
}
