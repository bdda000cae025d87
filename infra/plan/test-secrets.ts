// For tests: a value for every secret a lab declares (deterministic for a salt, of the declared
// kind and length: PINs are digits), overridden by the values a test cares about.
import { createHash } from "node:crypto";
import type { Lab } from "../../schemas/index.ts";
import { secretSource } from "./secrets.ts";

export function testSecrets(
  lab: Lab,
  given: Readonly<Record<string, string>> = {},
  salt = "",
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, declaration] of Object.entries(lab.secrets)) {
    const s = declaration ? secretSource(declaration) : { kind: "config" as const };
    if (s.kind === "generate" && s.charset === "pin") {
      const digits = BigInt(`0x${createHash("sha256").update(`${name}/${salt}`).digest("hex")}`).toString();
      out[name] = digits.slice(0, s.length);
    } else out[name] = `test-${name}-${salt}-value-0123456789`;
  }
  return { ...out, ...given };
}
