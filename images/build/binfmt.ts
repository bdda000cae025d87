// mmdebstrap runs the arm64 package scripts through qemu-user: the kernel must know to hand arm64
// binaries to qemu-aarch64 (binfmt_misc mounted, the handler enabled).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { ImageBuildError } from "../errors.ts";

const DIR = "/proc/sys/fs/binfmt_misc";

export function ensureBinfmt(): void {
  if (process.arch === "arm64") return;
  const step = "base system";
  try {
    if (!existsSync(`${DIR}/status`)) execFileSync("mount", ["-t", "binfmt_misc", "binfmt_misc", DIR]);
    const entry = `${DIR}/qemu-aarch64`;
    if (!existsSync(entry) || !readFileSync(entry, "utf8").startsWith("enabled")) {
      execFileSync("update-binfmts", ["--enable", "qemu-aarch64"]);
    }
  } catch (err) {
    throw new ImageBuildError(
      step,
      `cannot register the arm64 binfmt handler: ${(err as Error).message}`,
      "qemu-user-static",
    );
  }
  if (!readFileSync(`${DIR}/qemu-aarch64`, "utf8").startsWith("enabled")) {
    throw new ImageBuildError(step, "the qemu-aarch64 binfmt handler is not enabled", "qemu-user-static");
  }
}
