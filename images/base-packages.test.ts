import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { aptPins, BASE_PACKAGES, lockDrift, PACKAGE_LOCK, parseDpkgList } from "./base-packages.ts";

describe("package lock", () => {
  it("parses dpkg-query output sorted by name", () => {
    assert.deepEqual(Object.entries(parseDpkgList("zlib1g\t1:1.3\nbash\t5.2\n\n")), [
      ["bash", "5.2"],
      ["zlib1g", "1:1.3"],
    ]);
  });

  it("pins every package with a priority that also allows downgrades", () => {
    assert.equal(
      aptPins({ b: "2", a: "1:1.0~rc1" }),
      "Package: a\nPin: version 1:1.0~rc1\nPin-Priority: 1001\n\nPackage: b\nPin: version 2\nPin-Priority: 1001\n",
    );
  });

  it("reports drift from the lock", () => {
    const d = lockDrift({ a: "1", b: "2", c: "3" }, { a: "1", b: "2.1", d: "4" });
    assert.deepEqual(d.changed, [{ name: "b", locked: "2", installed: "2.1" }]);
    assert.deepEqual(d.added, ["d"]);
    assert.deepEqual(d.missing, ["c"]);
  });

  it("locks every package the image asks for by name (once the lock is recorded)", () => {
    const locked = Object.keys(PACKAGE_LOCK.packages);
    if (locked.length === 0) return; // before the first `image:build -- --update-lock`
    for (const p of BASE_PACKAGES) assert.ok(locked.includes(p), `${p} is not in the lock`);
  });
});
