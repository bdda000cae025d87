// DTMF carried in SIP INFO bodies (no RFC: de-facto formats). The body parsers are here, the
// SIP wiring is not: a caller hands over the Content-Type and the body text.
//   application/dtmf-relay:  "Signal=5\r\nDuration=160\r\n"  (Cisco; Duration in ms)
//   application/dtmf:        "5"                              (just the digit)
import { ParseError } from "../../base/index.ts";
import { dtmfEventCode } from "./telephone-event.ts";

export interface InfoDtmf {
  digit: string;
  /** Milliseconds, when the body says so. */
  durationMs?: number;
}

const DEFAULT_MAX_BODY = 1024;

/** Parses an INFO body by media type; throws ParseError for an unknown type or bad body. */
export function parseInfoDtmf(contentType: string, body: string): InfoDtmf {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (body.length > DEFAULT_MAX_BODY) throw new ParseError("DTMF INFO body too long", DEFAULT_MAX_BODY);
  if (type === "application/dtmf-relay") return parseDtmfRelay(body);
  if (type === "application/dtmf") return { digit: parseDigit(body.trim(), 0) };
  throw new ParseError(`not a DTMF body type: ${type}`, 0);
}

/** `application/dtmf-relay`: `Signal=` (a digit; some phones send 10/11 for * and #) and `Duration=`. */
export function parseDtmfRelay(body: string): InfoDtmf {
  let digit: string | undefined;
  let durationMs: number | undefined;
  let offset = 0;
  for (const rawLine of body.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line !== "") {
      const eq = line.indexOf("=");
      if (eq < 0) throw new ParseError("expected name=value", offset);
      const name = line.slice(0, eq).trim().toLowerCase();
      const value = line.slice(eq + 1).trim();
      if (name === "signal") {
        digit = value === "10" ? "*" : value === "11" ? "#" : parseDigit(value, offset + eq + 1);
      } else if (name === "duration") {
        if (!/^\d{1,6}$/.test(value)) throw new ParseError("bad Duration", offset + eq + 1);
        durationMs = Number(value);
      }
    }
    offset += rawLine.length + 1;
  }
  if (digit === undefined) throw new ParseError("no Signal line", body.length);
  return durationMs === undefined ? { digit } : { digit, durationMs };
}

function parseDigit(value: string, offset: number): string {
  if (value.length !== 1 || dtmfEventCode(value) === undefined)
    throw new ParseError("bad DTMF signal", offset);
  return value.toUpperCase();
}

/** Builds an `application/dtmf-relay` body (for sending INFO to peers that want it). */
export function buildDtmfRelay(digit: string, durationMs: number): string {
  if (dtmfEventCode(digit) === undefined) throw new RangeError(`not a DTMF digit: ${digit}`);
  return `Signal=${digit.toUpperCase()}\r\nDuration=${Math.round(durationMs)}\r\n`;
}
