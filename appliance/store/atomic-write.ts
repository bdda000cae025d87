// Durable writes (ARCHITECTURE.md, "Storage on the appliance"): the data goes to a temp file in
// the same directory, which is fsynced, renamed over the target, and then the directory itself
// is fsynced so the rename survives a power cut. A reader never sees a half-written file: it
// sees the old contents or the new.
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Temp files are `<name>.tmp-<pid>-<n>`: recovery deletes any left by a crash. */
const TMP_MARK = ".tmp-";
let counter = 0;

function tempPath(path: string): string {
  counter = (counter + 1) % 1_000_000_000;
  return `${path}${TMP_MARK}${process.pid}-${counter}`;
}

/** Writes data to path durably (temp, fsync, rename, fsync dir). */
export async function writeFileDurable(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = tempPath(path);
  const fh = await open(tmp, "w", mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await fh.close();
  await rename(tmp, path);
  await syncDir(dirname(path));
}

/** The synchronous twin, for shutdown paths where the event loop is about to stop. */
export function writeFileDurableSync(path: string, data: string | Uint8Array, mode = 0o600): void {
  const tmp = tempPath(path);
  const fd = openSync(tmp, "w", mode);
  try {
    const buf = typeof data === "string" ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const dfd = openSync(dirname(path), "r");
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}

async function syncDir(dir: string): Promise<void> {
  const dh = await open(dir, "r");
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/** Removes temp files a crash left next to path (they are never complete data). */
export function removeStaleTemps(path: string): number {
  const dir = dirname(path);
  const prefix = basename(path) + TMP_MARK;
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    try {
      unlinkSync(join(dir, name));
      removed++;
    } catch {
      // already gone
    }
  }
  return removed;
}
