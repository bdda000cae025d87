// 16-bit RTP sequence arithmetic (RFC 3550 §A.1): differences taken modulo 2^16.

/** b − a as a signed distance in (−32768, 32768]. */
export function seqDelta(a: number, b: number): number {
  const d = (b - a) & 0xffff;
  return d > 0x8000 ? d - 0x10000 : d;
}
