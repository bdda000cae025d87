// The image's sha256 and its .xz. xz runs single-threaded with fixed settings (-T1 -6, crc64): the
// multi-threaded encoder splits blocks by thread count, so only fixed settings give the same bytes
// on every machine.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, statSync } from "node:fs";
import { ImageBuildError } from "../errors.ts";
import type { Tools } from "./tools.ts";

export const XZ_SETTINGS = ["-T1", "-6", "--check=crc64"] as const;

export async function sha256File(path: string, onBytes?: (n: number) => void): Promise<string> {
  const hash = createHash("sha256");
  let done = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onBytes?.(done);
  }
  return hash.digest("hex");
}

export function compressXz(
  tools: Tools,
  src: string,
  dst: string,
  onBytes: (n: number, total: number) => void,
): Promise<void> {
  const total = statSync(src).size;
  const xz = tools.command("xz");
  return new Promise((resolve, reject) => {
    const child = spawn(xz.cmd, [...xz.args, ...XZ_SETTINGS, "-c"], {
      env: { ...process.env, ...xz.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out = createWriteStream(dst);
    let err = "";
    let done = 0;
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    const input = createReadStream(src, { highWaterMark: 4 * 1024 * 1024 });
    input.on("data", (c) => {
      done += (c as Buffer).length;
      onBytes(done, total);
    });
    input.pipe(child.stdin);
    child.stdout.pipe(out);
    const written = new Promise<void>((res) => out.on("close", () => res()));
    const fail = (msg: string) => reject(new ImageBuildError("compress", msg, dst));
    child.on("error", (e) => fail(e.message));
    out.on("error", (e) => fail(e.message));
    child.on("close", (code) => {
      if (code !== 0) return fail(`xz exited with ${code}: ${err.trim()}`);
      written.then(resolve, reject);
    });
  });
}
