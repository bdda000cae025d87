// MAC addresses as phones spell them in file names: any case, with or without `:`/`-`/`.`.

/** 12 lowercase hex digits, or undefined when text is not a MAC address. */
export function normalizeMacText(text: string): string | undefined {
  const bare = text.replace(/[:.-]/g, "");
  return /^[0-9a-fA-F]{12}$/.test(bare) ? bare.toLowerCase() : undefined;
}

/** `00:1b:54:aa:bb:cc` for log lines. */
export function colonMac(mac: string): string {
  return mac.match(/../g)!.join(":");
}

/** A regex fragment matching a MAC in any of those spellings (one capture group). */
export const MAC_PATTERN =
  "([0-9A-Fa-f]{2}(?:[:-]?[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4})";
