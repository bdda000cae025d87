import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LEGACY_IOS_ALGORITHMS, sshAlgorithmsFor } from "./ssh-algorithms.ts";

describe("sshAlgorithmsFor", () => {
  it("leaves ssh2's modern defaults alone for targets other than cisco-ios", () => {
    assert.equal(sshAlgorithmsFor("linux"), undefined);
  });

  it("only appends the 1841's algorithms (after the defaults) for cisco-ios", () => {
    const a = sshAlgorithmsFor("cisco-ios");
    assert.deepEqual(a?.kex, { append: [...LEGACY_IOS_ALGORITHMS.kex], prepend: [], remove: [] });
    assert.deepEqual(a?.cipher, { append: [...LEGACY_IOS_ALGORITHMS.cipher], prepend: [], remove: [] });
    assert.deepEqual(a?.serverHostKey, { append: ["ssh-rsa"], prepend: [], remove: [] });
    assert.deepEqual(a?.hmac, { append: ["hmac-sha1"], prepend: [], remove: [] });
  });
});
