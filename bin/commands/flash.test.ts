import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { flashCommand } from "./flash.ts";

const dir = mkdtempSync(join(tmpdir(), "pibx-flash-cmd-"));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await flashCommand.run(args, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

const image = join(dir, "pibx.img");
writeFileSync(image, Buffer.alloc(8192, 7));
const imageSha = createHash("sha256").update(readFileSync(image)).digest("hex");

test("wrong usage exits 2 with the usage line", async () => {
  for (const args of [[], [image], [image, "/dev/sdz", "extra"], [image, "/dev/sdz", "--sha256", "xyz"]]) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.err[0]!, /^usage: pibx flash <image\.img> <device>/);
  }
});

test("an image whose sha256 differs from the expected one is not written", async () => {
  const target = join(dir, "target-a");
  writeFileSync(target, "untouched");
  const r = await run([image, target, "--yes", "--sha256", "0".repeat(64)]);
  assert.equal(r.code, 1);
  assert.match(r.err[0]!, new RegExp(`has sha256 ${imageSha}, expected 0{64}: not writing`));
  assert.equal(readFileSync(target, "utf8"), "untouched");
});

test("a regular file is refused as a device, even with --yes and the right hash", async () => {
  const target = join(dir, "target-b");
  writeFileSync(target, "untouched");
  const r = await run([image, target, "--yes", "--sha256", imageSha]);
  assert.equal(r.code, 1);
  assert.match(r.err[0]!, /^pibx flash: flash .*target-b: /);
  assert.equal(readFileSync(target, "utf8"), "untouched");
});
