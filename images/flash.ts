// `pibx flash`: writes an image to an SD card, refusing anything that could be the wrong disk — a
// device that is not removable, is mounted (itself or a partition) or used as swap, or is too small.
// Asks before writing unless told not to, writes with progress, fsyncs, then reads back and hashes.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, join } from "node:path";
import { FlashError } from "./errors.ts";

export interface FlashOptions {
  /** The raw .img to write. */
  readonly image: string;
  /** The whole-disk device, e.g. /dev/sdb or /dev/mmcblk0. */
  readonly device: string;
  /** Skip the question (the CLI's --yes). */
  readonly yes?: boolean;
  /** Asked with a description of the device; must resolve true to go on. */
  readonly confirm?: (question: string) => Promise<boolean>;
  readonly onProgress?: (phase: "write" | "verify", done: number, total: number) => void;
  /** Where sysfs and procfs are (tests point them at fakes). */
  readonly sysRoot?: string;
  readonly procRoot?: string;
  /** Tests write to a regular file standing in for the device. */
  readonly allowRegularFile?: boolean;
}

export interface DeviceInfo {
  readonly name: string;
  readonly bytes: number;
  readonly removable: boolean;
  readonly model: string;
  readonly partitions: readonly string[];
}

export interface FlashResult {
  readonly device: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly seconds: number;
}

const CHUNK = 4 * 1024 * 1024;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return undefined;
  }
}

/** What sysfs says about a whole-disk device. */
export function deviceInfo(device: string, sysRoot = "/sys"): DeviceInfo {
  const name = basename(device);
  const dir = join(sysRoot, "block", name);
  const size = readText(join(dir, "size"));
  if (size === undefined) {
    throw new FlashError(
      device,
      "not-a-device",
      `${name} is not a whole disk (no ${dir}); give the disk, not a partition`,
    );
  }
  // Built-in SD slots show up as mmcblkN with removable=0; their card type says SD.
  const removable =
    readText(join(dir, "removable")) === "1" || readText(join(dir, "device", "type")) === "SD";
  const model = [
    readText(join(dir, "device", "vendor")),
    readText(join(dir, "device", "model")) ?? readText(join(dir, "device", "name")),
  ]
    .filter((x) => x)
    .join(" ");
  const partitions = readdirSync(dir).filter(
    (e) => e.startsWith(name) && existsSync(join(dir, e, "partition")),
  );
  return { name, bytes: Number(size) * 512, removable, model, partitions };
}

/** Mount points and swap areas on the device or its partitions. */
export function usesOf(info: DeviceInfo, procRoot = "/proc"): string[] {
  const names = new Set([info.name, ...info.partitions]);
  const hit = (source: string) => source.startsWith("/dev/") && names.has(basename(source));
  const uses: string[] = [];
  for (const line of (readText(join(procRoot, "mounts")) ?? "").split("\n")) {
    const [source, target] = line.split(" ");
    if (source && target && hit(source)) uses.push(`${source} mounted on ${target.replace(/\\040/g, " ")}`);
  }
  for (const line of (readText(join(procRoot, "swaps")) ?? "").split("\n").slice(1)) {
    const source = line.split(/\s+/)[0];
    if (source && hit(source)) uses.push(`${source} is swap`);
  }
  return uses;
}

/** Every refusal, checked before anything is written. */
export function checkTarget(o: FlashOptions): DeviceInfo {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(o.device);
  } catch (err) {
    throw new FlashError(o.device, "not-a-device", (err as Error).message);
  }
  if (!st.isBlockDevice() && !(o.allowRegularFile && st.isFile())) {
    throw new FlashError(o.device, "not-a-device", "not a block device");
  }
  const info = deviceInfo(o.device, o.sysRoot);
  if (!info.removable)
    throw new FlashError(
      o.device,
      "not-removable",
      `${info.name} is not removable: refusing to overwrite a fixed disk`,
    );
  const uses = usesOf(info, o.procRoot);
  if (uses.length > 0)
    throw new FlashError(o.device, "mounted", `in use: ${uses.join("; ")} (unmount first)`);
  const imageBytes = statSync(o.image).size;
  if (info.bytes < imageBytes) {
    throw new FlashError(
      o.device,
      "too-small",
      `${info.bytes} bytes on the device, the image needs ${imageBytes}`,
    );
  }
  return info;
}

/** Reads back the first `bytes` of the device and compares their sha256. */
export function verifyDevice(
  device: string,
  bytes: number,
  sha256: string,
  onBytes?: (n: number) => void,
): void {
  const fd = openSync(device, "r");
  const hash = createHash("sha256");
  const buf = Buffer.alloc(CHUNK);
  try {
    let done = 0;
    while (done < bytes) {
      const n = readSync(fd, buf, 0, Math.min(CHUNK, bytes - done), done);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      done += n;
      onBytes?.(done);
    }
    if (done < bytes)
      throw new FlashError(device, "verify-failed", `read back only ${done} of ${bytes} bytes`);
  } finally {
    closeSync(fd);
  }
  const got = hash.digest("hex");
  if (got !== sha256)
    throw new FlashError(device, "verify-failed", `read back sha256 ${got}, wrote ${sha256}`);
}

export async function flashImage(o: FlashOptions): Promise<FlashResult> {
  const started = Date.now();
  const info = checkTarget(o);
  const total = statSync(o.image).size;
  if (!o.yes) {
    const gib = (info.bytes / 2 ** 30).toFixed(1);
    const question = `Write ${basename(o.image)} to ${o.device} (${info.model || "unknown model"}, ${gib} GiB)? Everything on it is lost.`;
    if (!o.confirm || !(await o.confirm(question)))
      throw new FlashError(o.device, "declined", "not confirmed");
  }
  const hash = createHash("sha256");
  const inFd = openSync(o.image, "r");
  let outFd: number;
  try {
    // O_EXCL on a block device fails if anything (a mount) holds it: a last guard against races.
    const isBlock = statSync(o.device).isBlockDevice();
    outFd = openSync(o.device, constants.O_WRONLY | (isBlock ? constants.O_EXCL : 0));
  } catch (err) {
    closeSync(inFd);
    throw new FlashError(o.device, "io", (err as Error).message);
  }
  const buf = Buffer.alloc(CHUNK);
  try {
    let done = 0;
    while (done < total) {
      const n = readSync(inFd, buf, 0, Math.min(CHUNK, total - done), done);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      let off = 0;
      while (off < n) off += writeSync(outFd, buf, off, n - off, done + off);
      done += n;
      o.onProgress?.("write", done, total);
    }
    fsyncSync(outFd);
    if (fstatSync(outFd).isBlockDevice()) dropCache(o.device);
  } catch (err) {
    throw new FlashError(o.device, "io", (err as Error).message);
  } finally {
    closeSync(inFd);
    closeSync(outFd);
  }
  const sha256 = hash.digest("hex");
  verifyDevice(o.device, total, sha256, (n) => o.onProgress?.("verify", n, total));
  return { device: o.device, bytes: total, sha256, seconds: (Date.now() - started) / 1000 };
}

/** So the read-back comes from the card, not from the page cache that was just written. */
function dropCache(device: string): void {
  try {
    execFileSync("blockdev", ["--flushbufs", device]);
  } catch {
    // Without blockdev the verify may read the cache; the write itself was fsynced.
  }
}
