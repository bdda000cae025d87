// Searches a (large) file for byte strings, streaming, with an overlap so a match across two chunks
// is not missed. Returns the strings found.
import { closeSync, openSync, readSync } from "node:fs";

export function findInFile(path: string, needles: readonly string[]): string[] {
  const patterns = needles.map((n) => Buffer.from(n, "utf8"));
  const overlap = Math.max(...patterns.map((p) => p.length)) - 1;
  const chunk = 8 * 1024 * 1024;
  const buf = Buffer.alloc(chunk + overlap);
  const found = new Set<string>();
  const fd = openSync(path, "r");
  try {
    let pos = 0;
    let carry = 0;
    for (;;) {
      const n = readSync(fd, buf, carry, chunk, pos);
      if (n === 0) break;
      const view = buf.subarray(0, carry + n);
      patterns.forEach((p, i) => {
        if (view.indexOf(p) !== -1) found.add(needles[i]!);
      });
      carry = Math.min(overlap, view.length);
      view.copy(buf, 0, view.length - carry);
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return [...found];
}
