// DSCP names to code points (RFC 2474 class selectors, RFC 2597 AF, RFC 3246 EF, RFC 5865 VA).
import { RecipeError } from "./errors.ts";

export type DscpValue = string | number;

/** The 6-bit code point of a DSCP name (`EF`, `CS3`, `AF41`, …) or number. */
export function dscpCodePoint(value: DscpValue, path = "dscp"): number {
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= 0 && value <= 63) return value;
    throw new RecipeError(path, `DSCP ${value} is not an integer 0–63`);
  }
  const name = value.toUpperCase();
  if (name === "DF") return 0;
  if (name === "EF") return 46; // RFC 3246
  if (name === "VA") return 44; // RFC 5865
  const cs = /^CS([0-7])$/.exec(name);
  if (cs) return Number(cs[1]) * 8; // RFC 2474 §4.2.2.1
  const af = /^AF([1-4])([1-3])$/.exec(name);
  if (af) return Number(af[1]) * 8 + Number(af[2]) * 2; // RFC 2597 §6
  throw new RecipeError(path, `unknown DSCP name "${value}"`);
}
