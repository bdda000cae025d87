// Bencode (the encoding of rtpengine's NG control protocol): integers, byte strings, lists and
// dictionaries with sorted keys.

export type BValue = number | string | BValue[] | { [key: string]: BValue };

export function bencode(v: BValue): string {
  if (typeof v === "number") return `i${Math.trunc(v)}e`;
  if (typeof v === "string") return `${Buffer.byteLength(v)}:${v}`;
  if (Array.isArray(v)) return `l${v.map(bencode).join("")}e`;
  const keys = Object.keys(v).sort();
  return `d${keys.map((k) => bencode(k) + bencode(v[k]!)).join("")}e`;
}

export function bdecode(buf: Buffer): BValue {
  let at = 0;
  const value = (): BValue => {
    const c = String.fromCharCode(buf[at]!);
    if (c === "i") {
      const end = buf.indexOf("e", at);
      const n = Number(buf.subarray(at + 1, end).toString());
      at = end + 1;
      return n;
    }
    if (c === "l") {
      at++;
      const out: BValue[] = [];
      while (buf[at] !== 0x65) out.push(value());
      at++;
      return out;
    }
    if (c === "d") {
      at++;
      const out: { [key: string]: BValue } = {};
      while (buf[at] !== 0x65) {
        const k = value();
        out[String(k)] = value();
      }
      at++;
      return out;
    }
    const colon = buf.indexOf(":", at);
    if (colon < 0) throw new SyntaxError(`bad bencode at ${at}`);
    const len = Number(buf.subarray(at, colon).toString());
    const s = buf.subarray(colon + 1, colon + 1 + len).toString();
    at = colon + 1 + len;
    return s;
  };
  return value();
}
