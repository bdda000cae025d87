// Assembles the disk image without loop devices: sfdisk writes the partition table into an empty
// file, then each partition's file is copied in at its offset. All-zero blocks are skipped (the image
// stays sparse and the copy fast); a skipped block reads back as zeros, so the bytes are the same.
import { closeSync, openSync, readSync, rmSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import { type DiskLayout, partitionBytes, partitionOffset, sfdiskScript } from "../disk-layout.ts";
import { ImageBuildError } from "../errors.ts";
import type { Progress } from "./progress.ts";
import { runCommand } from "./run-command.ts";
import type { Tools } from "./tools.ts";

const CHUNK = 4 * 1024 * 1024;

const ZERO = Buffer.alloc(CHUNK);

function isZero(buf: Buffer, n: number): boolean {
  return buf.compare(ZERO, 0, n, 0, n) === 0;
}

/** Copies `src` into `dst` at `offset` (like `dd conv=notrunc,sparse seek=…`), reporting progress. */
export function copyInto(
  src: string,
  dst: string,
  offset: number,
  length: number,
  onBytes: (n: number) => void,
): void {
  const inFd = openSync(src, "r");
  const outFd = openSync(dst, "r+");
  const buf = Buffer.alloc(CHUNK);
  try {
    let done = 0;
    while (done < length) {
      const n = readSync(inFd, buf, 0, Math.min(CHUNK, length - done), done);
      if (n === 0) break;
      if (!isZero(buf, n)) writeSync(outFd, buf, 0, n, offset + done);
      done += n;
      onBytes(done);
    }
  } finally {
    closeSync(inFd);
    closeSync(outFd);
  }
}

export async function assembleImage(
  tools: Tools,
  layout: DiskLayout,
  parts: { boot: string; root: string },
  image: string,
  progress: Progress,
): Promise<void> {
  rmSync(image, { force: true });
  writeFileSync(image, "");
  truncateSync(image, layout.totalBytes);
  const sfdisk = tools.command("sfdisk");
  await runCommand(
    "disk image",
    sfdisk.cmd,
    [...sfdisk.args, "--no-reread", "--no-tell-kernel", "--quiet", image],
    {
      env: sfdisk.env,
      input: sfdiskScript(layout),
    },
  );
  const total = partitionBytes(layout.boot) + partitionBytes(layout.root);
  let before = 0;
  for (const [p, file] of [
    [layout.boot, parts.boot],
    [layout.root, parts.root],
  ] as const) {
    try {
      copyInto(file, image, partitionOffset(p), partitionBytes(p), (n) => progress.bytes(before + n, total));
    } catch (err) {
      throw new ImageBuildError("disk image", (err as Error).message, file);
    }
    before += partitionBytes(p);
  }
}
