// TFTP packets (RFC 1350 §5) with the option extension (RFC 2347).
//
//   RRQ/WRQ  | 01/02 | filename | 0 | mode | 0 | opt1 | 0 | value1 | 0 | …
//   DATA     | 03 | block # (2) | data (0..blksize) |
//   ACK      | 04 | block # (2) |
//   ERROR    | 05 | error code (2) | message | 0 |
//   OACK     | 06 | opt1 | 0 | value1 | 0 | …          (RFC 2347)
import { ParseError } from "../base/index.ts";

export const Opcode = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

/** RFC 1350 Appendix / RFC 2347 §3: error codes. */
export const TftpError = {
  notDefined: 0,
  fileNotFound: 1,
  accessViolation: 2,
  illegalOperation: 4,
  unknownTransferId: 5,
  optionRefused: 8,
} as const;

export type TftpPacket =
  | {
      readonly op: "RRQ" | "WRQ";
      readonly filename: string;
      readonly mode: string;
      /** Lower-case option names (RFC 2347: case-insensitive). */
      readonly options: ReadonlyMap<string, string>;
    }
  | { readonly op: "DATA"; readonly block: number; readonly data: Buffer }
  | { readonly op: "ACK"; readonly block: number }
  | { readonly op: "ERROR"; readonly code: number; readonly message: string }
  | { readonly op: "OACK"; readonly options: ReadonlyMap<string, string> };

function strings(buf: Buffer, start: number): string[] {
  const out: string[] = [];
  let i = start;
  while (i < buf.length) {
    const end = buf.indexOf(0, i);
    if (end < 0) throw new ParseError("unterminated string", i);
    out.push(buf.toString("latin1", i, end));
    i = end + 1;
  }
  return out;
}

export function parseTftp(buf: Buffer): TftpPacket {
  if (buf.length < 4) throw new ParseError("short packet", buf.length);
  const op = buf.readUInt16BE(0);
  switch (op) {
    case Opcode.RRQ:
    case Opcode.WRQ: {
      const [filename, mode, ...opts] = strings(buf, 2);
      if (filename === undefined || mode === undefined) throw new ParseError("missing filename or mode", 2);
      const options = new Map<string, string>();
      for (let i = 0; i + 1 < opts.length; i += 2) options.set(opts[i]!.toLowerCase(), opts[i + 1]!);
      return { op: op === Opcode.RRQ ? "RRQ" : "WRQ", filename, mode: mode.toLowerCase(), options };
    }
    case Opcode.DATA:
      return { op: "DATA", block: buf.readUInt16BE(2), data: buf.subarray(4) };
    case Opcode.ACK:
      return { op: "ACK", block: buf.readUInt16BE(2) };
    case Opcode.ERROR:
      return { op: "ERROR", code: buf.readUInt16BE(2), message: strings(buf, 4)[0] ?? "" };
    case Opcode.OACK: {
      const opts = strings(buf, 2);
      const options = new Map<string, string>();
      for (let i = 0; i + 1 < opts.length; i += 2) options.set(opts[i]!.toLowerCase(), opts[i + 1]!);
      return { op: "OACK", options };
    }
    default:
      throw new ParseError(`unknown opcode ${op}`, 0);
  }
}

export function dataPacket(block: number, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(Opcode.DATA, 0);
  head.writeUInt16BE(block, 2);
  return Buffer.concat([head, data]);
}

export function errorPacket(code: number, message: string): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(Opcode.ERROR, 0);
  head.writeUInt16BE(code, 2);
  return Buffer.concat([head, Buffer.from(message, "latin1"), Buffer.from([0])]);
}

export function oackPacket(options: ReadonlyMap<string, string>): Buffer {
  const parts: Buffer[] = [Buffer.from([0, Opcode.OACK])];
  for (const [k, v] of options) parts.push(Buffer.from(`${k}\0${v}\0`, "latin1"));
  return Buffer.concat(parts);
}

/** RFC 1350 "netascii": lines end in CR LF and a bare CR is sent as CR NUL. */
export function toNetascii(data: Buffer): Buffer {
  const out: number[] = [];
  for (const b of data) {
    if (b === 0x0a) out.push(0x0d, 0x0a);
    else if (b === 0x0d) out.push(0x0d, 0x00);
    else out.push(b);
  }
  return Buffer.from(out);
}
