import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diskLayout, partitionBytes, partitionOffset, sfdiskScript } from "./disk-layout.ts";
import { RecipeError } from "./errors.ts";

describe("disk layout", () => {
  const l = diskLayout(2048, 256, "0a1b2c3d");

  it("puts a 4 MiB-aligned boot partition first and gives the rest to root", () => {
    assert.equal(l.boot.startSector, 8192);
    assert.equal(partitionOffset(l.boot), 4 * 1048576);
    assert.equal(partitionBytes(l.boot), 256 * 1048576);
    assert.equal(l.root.startSector, l.boot.startSector + l.boot.sectors);
    assert.equal(partitionOffset(l.root) + partitionBytes(l.root), l.totalBytes);
    assert.equal(l.totalBytes, 2048 * 1048576);
    assert.equal(l.root.startSector % 8192, 0);
  });

  it("names the partitions by PARTUUID <disk id>-0N", () => {
    assert.equal(l.boot.partuuid, "0a1b2c3d-01");
    assert.equal(l.root.partuuid, "0a1b2c3d-02");
  });

  it("writes sfdisk's script with the disk id and MBR types", () => {
    assert.equal(
      sfdiskScript(l),
      "label: dos\nlabel-id: 0x0a1b2c3d\nunit: sectors\nsector-size: 512\n\n" +
        "start=8192, size=524288, type=c\nstart=532480, size=3661824, type=83\n",
    );
  });

  it("refuses layouts that do not fit or a malformed id", () => {
    assert.throws(() => diskLayout(200, 256, "0a1b2c3d"), RecipeError);
    assert.throws(() => diskLayout(2048, 256, "xyz"), RecipeError);
    assert.throws(() => diskLayout(3 * 1024 * 1024, 256, "0a1b2c3d"), /2 TiB/);
  });
});
