import assert from "node:assert/strict";
import { test } from "node:test";
import { checkAudioFiles } from "./audio-files.ts";
import { labForTests } from "./lab-for-tests.ts";

test("recorded greetings and music files are flagged (warnings): they are not shipped to the Pi", () => {
  const lab = labForTests();
  assert.deepEqual(checkAudioFiles(lab), []);
  lab.extensions[0]!.voicemail = { pin: { secret: "vm100" }, greeting: { file: "audio/op.wav" } };
  lab.musicOnHold = { file: "audio/moh.wav" };
  const found = checkAudioFiles(lab);
  assert.deepEqual(
    found.map((f) => [f.path.join("."), f.severity]),
    [
      ["extensions.0.voicemail.greeting.file", "warning"],
      ["musicOnHold.file", "warning"],
    ],
  );
  assert.match(found[0]!.message, /not copied to the appliance/);
});
