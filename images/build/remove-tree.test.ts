import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mountsBelow } from "./remove-tree.ts";

describe("stale tree removal", () => {
  it("finds the mounts a killed mmdebstrap left, deepest first, and nothing outside", () => {
    const mounts = [
      "proc /proc proc rw 0 0",
      "none /c/base/k.partial/tree/dev/pts devpts rw 0 0",
      "proc /c/base/k.partial/tree/proc proc ro 0 0",
      "sys /c/base/k.partial/tree/sys sysfs ro 0 0",
      "proc /c/base/k.partial2/tree/proc proc ro 0 0",
    ].join("\n");
    assert.deepEqual(mountsBelow("/c/base/k.partial", mounts), [
      "/c/base/k.partial/tree/dev/pts",
      "/c/base/k.partial/tree/proc",
      "/c/base/k.partial/tree/sys",
    ]);
  });
});
