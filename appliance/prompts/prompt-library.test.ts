import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { encodeWavPcm16 } from "../media/index.ts";
import { PromptLibrary, promptTexts } from "./prompt-library.ts";

const OPERATOR =
  "You have reached the operator of the home lab. Nobody can take your call right now. " +
  "Please leave your name, your number and a short message after the tone.";

test("prompt texts: each menu's greeting, each box's own greeting or the default naming its owner", () => {
  const { texts, files } = promptTexts({
    locale: "en-US",
    menus: [{ name: "main", greeting: { say: "For Alice, press 1." } }],
    boxes: [
      { number: "100", ownerName: "Operator", greeting: { say: OPERATOR } },
      { number: "101", ownerName: "Alice" },
      { number: "102", ownerName: "Bob", greeting: { file: "/srv/bob.flac" } },
    ],
  });
  const byId = new Map(texts.map((t) => [t.id, t.text]));
  assert.equal(byId.get("ivr:main"), "For Alice, press 1.");
  assert.equal(byId.get("vm-greeting:100"), OPERATOR);
  assert.match(byId.get("vm-greeting:101")!, /^Alice is not available/);
  assert.equal(byId.has("vm-greeting:102"), false);
  assert.deepEqual(files, [{ id: "vm-greeting:102", file: "/srv/bob.flac" }]);
});

test("the library resolves ids and files to samples; an unknown id or a bad file is undefined", () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-prompts-"));
  const wav = join(dir, "a.wav");
  writeFileSync(wav, encodeWavPcm16(Int16Array.from([1, 2, 3]), 8000));
  const bad = join(dir, "bad.wav");
  writeFileSync(bad, "not a wav");
  const lib = new PromptLibrary();
  lib.replace(
    new Map([
      ["vm-beep", wav],
      ["broken", bad],
    ]),
  );
  assert.deepEqual([...(lib.samples("vm-beep") ?? [])], [1, 2, 3]);
  assert.deepEqual([...(lib.samples({ file: wav }) ?? [])], [1, 2, 3]);
  assert.equal(lib.samples("nope"), undefined);
  assert.equal(lib.samples("broken"), undefined);
});
