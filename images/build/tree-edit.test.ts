import assert from "node:assert/strict";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ImageBuildError } from "../errors.ts";
import { applyEdits, dir, file, inside, remove, symlink, treeView } from "./tree-edit.ts";

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "pibx-tree-"));
  mkdirSync(join(root, "etc"));
  return root;
}

describe("tree edits", () => {
  it("writes files with their mode and owner, directories and symlinks", () => {
    const root = tree();
    applyEdits(
      root,
      [file("/etc/a/b.conf", "x\n", 0o640), dir("/opt/pibx", 0o750), symlink("/etc/l", "../usr/x")],
      "t",
    );
    assert.equal(readFileSync(join(root, "etc/a/b.conf"), "utf8"), "x\n");
    assert.equal(lstatSync(join(root, "etc/a/b.conf")).mode & 0o7777, 0o640);
    assert.equal(lstatSync(join(root, "opt/pibx")).mode & 0o7777, 0o750);
    assert.equal(readlinkSync(join(root, "etc/l")), "../usr/x");
    applyEdits(root, [remove("/etc/a")], "t");
    assert.deepEqual(treeView(root).list("/etc"), ["l"]);
  });

  it("replaces a symlink instead of writing through it", () => {
    const root = tree();
    const outside = join(mkdtempSync(join(tmpdir(), "pibx-outside-")), "host-file");
    writeFileSync(outside, "host\n");
    symlinkSync(outside, join(root, "etc/localtime"));
    applyEdits(root, [file("/etc/localtime", "tree\n")], "t");
    assert.equal(readFileSync(outside, "utf8"), "host\n");
    assert.equal(readFileSync(join(root, "etc/localtime"), "utf8"), "tree\n");
  });

  it("refuses paths that leave the tree, directly or through a parent symlink", () => {
    const root = tree();
    assert.throws(() => inside(root, "/../etc/passwd"), ImageBuildError);
    assert.throws(() => inside(root, "relative"), ImageBuildError);
    symlinkSync(tmpdir(), join(root, "escape"));
    assert.throws(() => applyEdits(root, [file("/escape/x", "")], "t"), /outside the tree/);
  });

  it("reads the tree for layers that build on it", () => {
    const root = tree();
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    assert.match(treeView(root).readText("/etc/passwd")!, /^root/);
    assert.equal(treeView(root).readText("/etc/none"), undefined);
    assert.deepEqual(treeView(root).list("/none"), []);
  });
});
