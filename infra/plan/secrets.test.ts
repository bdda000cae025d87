import assert from "node:assert/strict";
import { test } from "node:test";
import { planSecrets, secretReferences } from "./secrets.ts";

test("declarations get their default lengths and the paths that use them", () => {
  const declared = {
    trunk: { from: "config" as const },
    ext100: { generate: "password" as const },
    vm100: { generate: "pin" as const },
    conf: { generate: "pin" as const, length: 4 },
    unused: { generate: "password" as const, length: 32 },
  };
  const plan = planSecrets(declared, {
    extensions: [{ number: "100", password: { secret: "ext100" }, voicemail: { pin: { secret: "vm100" } } }],
    trunks: [{ name: "t", password: { secret: "trunk" } }],
    conferences: [{ number: "800", pin: { secret: "conf" } }],
  });
  assert.deepEqual(plan, [
    { name: "conf", source: { kind: "generate", charset: "pin", length: 4 }, usedAt: ["conferences[0].pin"] },
    {
      name: "ext100",
      source: { kind: "generate", charset: "password", length: 24 },
      usedAt: ["extensions[0].password"],
    },
    { name: "trunk", source: { kind: "config" }, usedAt: ["trunks[0].password"] },
    { name: "unused", source: { kind: "generate", charset: "password", length: 32 }, usedAt: [] },
    {
      name: "vm100",
      source: { kind: "generate", charset: "pin", length: 6 },
      usedAt: ["extensions[0].voicemail.pin"],
    },
  ]);
});

test("only a one-key { secret } object is a reference", () => {
  const refs = secretReferences({ a: { secret: "x", other: 1 }, b: [{ secret: "y" }], c: { secret: 3 } });
  assert.deepEqual([...refs], [["y", ["b[0]"]]]);
});
