import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { clampTimes, removeNondeterministic, treeListing } from "./normalize.ts";

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "pibx-norm-"));
  for (const d of [
    "var/cache/apt/archives",
    "var/cache/ldconfig",
    "var/log/apt",
    "var/lib/systemd",
    "etc",
    "usr/lib/python3/__pycache__",
    "tmp",
  ]) {
    mkdirSync(join(root, d), { recursive: true });
  }
  writeFileSync(join(root, "var/cache/apt/pkgcache.bin"), "x");
  writeFileSync(join(root, "var/cache/ldconfig/aux-cache"), "x");
  writeFileSync(join(root, "var/log/apt/history.log"), "x");
  writeFileSync(join(root, "var/log/dpkg.log"), "x");
  writeFileSync(join(root, "var/lib/systemd/random-seed"), "x");
  writeFileSync(join(root, "etc/shadow-"), "x");
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
  writeFileSync(join(root, "usr/lib/python3/__pycache__/a.pyc"), "x");
  writeFileSync(join(root, "tmp/junk"), "x");
  symlinkSync("passwd", join(root, "etc/link"));
  return root;
}

describe("normalize", () => {
  it("removes caches, logs, backups, seeds and bytecode but keeps the directories", () => {
    const root = tree();
    removeNondeterministic(root);
    for (const gone of [
      "var/cache/apt/pkgcache.bin",
      "var/cache/apt/archives",
      "var/cache/ldconfig/aux-cache",
      "var/log/apt/history.log",
      "var/log/dpkg.log",
      "var/lib/systemd/random-seed",
      "etc/shadow-",
      "usr/lib/python3/__pycache__",
      "tmp/junk",
    ]) {
      assert.ok(!existsSync(join(root, gone)), gone);
    }
    for (const kept of ["var/log/apt", "var/cache/apt", "tmp", "etc/passwd"])
      assert.ok(existsSync(join(root, kept)), kept);
  });

  it("clamps every timestamp, symlinks included", () => {
    const root = tree();
    clampTimes(root, 1767225600);
    for (const p of ["etc", "etc/passwd", "etc/link", "var/log/apt/history.log"]) {
      const st = lstatSync(join(root, p));
      assert.equal(st.mtimeMs, 1767225600000, p);
      assert.equal(st.atimeMs, 1767225600000, p);
    }
  });

  it("lists the tree sorted with modes, owners and hashes, the same for equal trees", () => {
    const a = tree();
    const b = tree();
    const la = treeListing(a);
    assert.equal(la, treeListing(b));
    assert.match(la, /^f 0644 0:0 26 [0-9a-f]{64} \/etc\/passwd$/m);
    assert.match(la, /^l 0777 0:0 - passwd \/etc\/link$/m);
    writeFileSync(join(b, "etc/passwd"), "changed\n");
    assert.notEqual(treeListing(b), la);
  });
});
