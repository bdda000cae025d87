import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { FlashError } from "./errors.ts";
import { checkTarget, deviceInfo, type FlashOptions, flashImage, usesOf, verifyDevice } from "./flash.ts";

interface Fake {
  readonly root: string;
  readonly image: string;
  readonly device: string;
  readonly opts: FlashOptions;
}

/** A fake sysfs and procfs, an image, and a regular file standing in for /dev/<name>. */
function fake(
  o: {
    name?: string;
    removable?: string;
    sectors?: number;
    mounts?: string;
    swaps?: string;
    partitions?: string[];
    type?: string;
  } = {},
): Fake {
  const root = mkdtempSync(join(tmpdir(), "pibx-flash-"));
  const name = o.name ?? "sdz";
  const block = join(root, "sys/block", name);
  mkdirSync(join(block, "device"), { recursive: true });
  writeFileSync(join(block, "size"), `${o.sectors ?? 4096}\n`);
  writeFileSync(join(block, "removable"), `${o.removable ?? "1"}\n`);
  writeFileSync(join(block, "device", "model"), "Card Reader\n");
  if (o.type) writeFileSync(join(block, "device", "type"), `${o.type}\n`);
  for (const p of o.partitions ?? []) {
    mkdirSync(join(block, p));
    writeFileSync(join(block, p, "partition"), "1\n");
  }
  mkdirSync(join(root, "proc"));
  writeFileSync(join(root, "proc/mounts"), o.mounts ?? "/dev/vda1 / ext4 rw 0 0\n");
  writeFileSync(join(root, "proc/swaps"), `Filename Type Size Used Priority\n${o.swaps ?? ""}`);
  mkdirSync(join(root, "dev"));
  const device = join(root, "dev", name);
  writeFileSync(device, Buffer.alloc((o.sectors ?? 4096) * 512));
  const image = join(root, "pibx.img");
  writeFileSync(image, randomBytes(1024 * 1024 + 512));
  return {
    root,
    image,
    device,
    opts: { image, device, sysRoot: join(root, "sys"), procRoot: join(root, "proc"), allowRegularFile: true },
  };
}

const reason = (r: FlashError["reason"]) => (e: unknown) => e instanceof FlashError && e.reason === r;

describe("pibx flash: refusals", () => {
  it("refuses a non-removable disk", () => {
    const f = fake({ removable: "0" });
    assert.throws(() => checkTarget(f.opts), reason("not-removable"));
  });

  it("accepts a built-in SD slot (mmcblk with removable=0 but card type SD)", () => {
    const f = fake({ name: "mmcblk0", removable: "0", type: "SD" });
    assert.equal(checkTarget(f.opts).name, "mmcblk0");
  });

  it("refuses a device whose partition is mounted", () => {
    const f = fake({
      partitions: ["sdz1", "sdz2"],
      mounts: "/dev/vda1 / ext4 rw 0 0\n/dev/sdz2 /media/me/rootfs ext4 rw 0 0\n",
    });
    assert.throws(
      () => checkTarget(f.opts),
      (e: unknown) =>
        reason("mounted")(e) && /sdz2 mounted on \/media\/me\/rootfs/.test((e as Error).message),
    );
  });

  it("refuses a device that is mounted whole or used as swap", () => {
    assert.throws(() => checkTarget(fake({ mounts: "/dev/sdz /mnt vfat rw 0 0\n" }).opts), reason("mounted"));
    const f = fake({ partitions: ["sdz1"], swaps: "/dev/sdz1 partition 1024 0 -2\n" });
    assert.deepEqual(usesOf(deviceInfo(f.device, f.opts.sysRoot), f.opts.procRoot), ["/dev/sdz1 is swap"]);
  });

  it("does not mistake another disk (sdza) for the device", () => {
    const f = fake({ partitions: ["sdz1"], mounts: "/dev/sdza1 /mnt ext4 rw 0 0\n" });
    assert.equal(checkTarget(f.opts).name, "sdz");
  });

  it("refuses a partition instead of a disk", () => {
    const f = fake({ partitions: ["sdz1"] });
    writeFileSync(join(f.root, "dev/sdz1"), "");
    assert.throws(() => checkTarget({ ...f.opts, device: join(f.root, "dev/sdz1") }), reason("not-a-device"));
  });

  it("refuses a device smaller than the image", () => {
    const f = fake({ sectors: 1024 });
    assert.throws(() => checkTarget(f.opts), reason("too-small"));
  });

  it("refuses a regular file unless told it stands in for a device", () => {
    const f = fake();
    assert.throws(() => checkTarget({ ...f.opts, allowRegularFile: false }), reason("not-a-device"));
  });
});

describe("pibx flash: writing", () => {
  it("asks first and stops when the answer is no", async () => {
    const f = fake();
    let asked = "";
    await assert.rejects(
      flashImage({
        ...f.opts,
        confirm: async (q) => {
          asked = q;
          return false;
        },
      }),
      reason("declined"),
    );
    assert.match(asked, /Write pibx\.img to .*sdz \(Card Reader, 0\.0 GiB\)\? Everything on it is lost\./);
    assert.ok(
      readFileSync(f.device).every((b) => b === 0),
      "nothing written",
    );
  });

  it("refuses to go on without a way to ask, unless told yes", async () => {
    await assert.rejects(flashImage(fake().opts), reason("declined"));
  });

  it("writes the image, reports progress, and verifies the read-back hash", async () => {
    const f = fake();
    const phases = new Set<string>();
    let last = 0;
    const res = await flashImage({
      ...f.opts,
      yes: true,
      onProgress: (p, done) => {
        phases.add(p);
        last = done;
      },
    });
    const img = readFileSync(f.image);
    assert.equal(res.sha256, createHash("sha256").update(img).digest("hex"));
    assert.deepEqual(readFileSync(f.device).subarray(0, img.length), img);
    assert.deepEqual([...phases], ["write", "verify"]);
    assert.equal(last, img.length);
  });

  it("detects a device that does not read back what was written", () => {
    const f = fake();
    const img = readFileSync(f.image);
    const sum = createHash("sha256").update(img).digest("hex");
    const bad = Buffer.from(img);
    bad[1000] = bad[1000]! ^ 0xff;
    writeFileSync(f.device, bad);
    assert.throws(() => verifyDevice(f.device, img.length, sum), reason("verify-failed"));
  });
});
