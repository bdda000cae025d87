import assert from "node:assert/strict";
import { test } from "node:test";
import { check, create, diff, generateSecretValue, read } from "./generated-secret.ts";

/** Bytes from a fixed list, cycling: deterministic "randomness". */
const fixedBytes =
  (...bytes: number[]) =>
  (size: number): Uint8Array => {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[i] = bytes[i % bytes.length] ?? 0;
    return out;
  };

test("a PIN is digits drawn from the bytes; bytes that would bias the draw are skipped", () => {
  // 256 % 10 = 6: bytes 250..255 are rejected.
  assert.equal(generateSecretValue("pin", 6, fixedBytes(0, 255, 1, 252, 12, 249)), "012901");
});

test("a password uses letters and digits", () => {
  assert.equal(generateSecretValue("password", 5, fixedBytes(0, 26, 52, 61, 62)), "Aa09A");
});

test("create makes a value of the asked kind and length, and an id unrelated to it", () => {
  for (let i = 0; i < 20; i++) {
    const pin = create({ kind: "pin", length: 6 });
    assert.match(pin.outs?.value ?? "", /^[0-9]{6}$/);
    const password = create({ kind: "password", length: 24 });
    assert.match(password.outs?.value ?? "", /^[A-Za-z0-9]{24}$/);
    assert.ok(!password.id.includes(password.outs?.value ?? "-"));
  }
});

test("check rejects unknown kinds and unreasonable lengths, naming the property", () => {
  assert.deepEqual(check({ kind: "pin", length: 6 }), { inputs: { kind: "pin", length: 6 } });
  const result = check({ kind: "passphrase", length: 2 });
  assert.deepEqual(
    result.failures?.map((f) => f.property),
    ["kind", "length"],
  );
});

test("diff keeps the secret unless kind or length changes, and never mentions its value", () => {
  const olds = { kind: "password" as const, length: 24, value: "S3cr3tValueThatMustNotLeak" };
  assert.deepEqual(diff(olds, { kind: "password", length: 24 }), {
    changes: false,
    replaces: [],
    deleteBeforeReplace: false,
  });
  const changed = diff(olds, { kind: "password", length: 32 });
  assert.deepEqual(changed.replaces, ["length"]);
  assert.equal(changed.changes, true);
  assert.ok(!JSON.stringify(changed).includes(olds.value));
});

test("read returns the state as it is", () => {
  const props = { kind: "pin" as const, length: 4, value: "1234" };
  assert.deepEqual(read("abc", props), { id: "abc", props });
});
