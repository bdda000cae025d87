// pibx flash <image> <device> [--yes] [--sha256 <hex>]: writes a built Pi image to an SD card with
// the safety checks of images/flash.ts (removable, not mounted, large enough; read back and hashed).
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline/promises";
import { FlashError, flashImage } from "../../images/index.ts";
import { type Command, type CommandIo, usageExitCode } from "./command.ts";

interface Options {
  image: string;
  device: string;
  yes: boolean;
  sha256?: string;
}

function parseArgs(args: readonly string[]): Options | undefined {
  const positional: string[] = [];
  let yes = false;
  let sha256: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--yes" || a === "-y") yes = true;
    else if (a === "--sha256") {
      sha256 = args[++i];
      if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) return undefined;
    } else if (a.startsWith("-")) return undefined;
    else positional.push(a);
  }
  const [image, device] = positional;
  if (positional.length !== 2 || !image || !device) return undefined;
  return { image, device, yes, ...(sha256 ? { sha256 } : {}) };
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Asks on the terminal; without one there is nobody to ask, so the answer is no. */
async function askTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export const flashCommand: Command = {
  name: "flash",
  summary: "write a built image to an SD card, with safety checks and read-back verification",
  usage: "<image.img> <device> [--yes] [--sha256 <hex>]",
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const o = parseArgs(args);
    if (!o) {
      io.stderr(`usage: pibx flash ${this.usage}`);
      return usageExitCode;
    }
    try {
      // The image on disk must be the one that was built (and recorded in the Pulumi state).
      if (o.sha256) {
        const got = await fileSha256(o.image);
        if (got !== o.sha256) {
          io.stderr(`pibx flash: ${o.image} has sha256 ${got}, expected ${o.sha256}: not writing`);
          return 1;
        }
      }
      let lastPct = -1;
      const r = await flashImage({
        image: o.image,
        device: o.device,
        yes: o.yes,
        confirm: askTerminal,
        onProgress: (phase, done, total) => {
          const pct = Math.floor((100 * done) / total);
          if (pct !== lastPct && pct % 10 === 0) io.stderr(`pibx flash: ${phase} ${pct}%`);
          lastPct = pct;
        },
      });
      io.stdout(
        `${r.device}: wrote and verified ${r.bytes} bytes, sha256 ${r.sha256} (${r.seconds.toFixed(1)} s)`,
      );
      return 0;
    } catch (err) {
      if (err instanceof FlashError) {
        io.stderr(`pibx flash: ${err.message}`);
        return 1;
      }
      throw err;
    }
  },
};
