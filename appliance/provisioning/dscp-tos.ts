// Some phones take the whole IPv4 TOS byte instead of the 6-bit DSCP: DSCP sits in its top six
// bits (RFC 2474 §3), so EF (46) is TOS 0xb8 (184) and CS3 (24) is 0x60 (96).

export function tosByte(dscp: number): number {
  return (dscp & 0x3f) << 2;
}

/** `0xb8` */
export function tosHex(dscp: number): string {
  return `0x${tosByte(dscp).toString(16).padStart(2, "0")}`;
}
