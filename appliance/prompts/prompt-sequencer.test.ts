import assert from "node:assert/strict";
import { test } from "node:test";
import { BUILTIN_PROMPT_IDS, LOCALES, localeStrings, voiceForLocale } from "./locale-strings.ts";
import { messageCountPrompts, numberPrompts } from "./prompt-sequencer.ts";

test("numbers from number prompts", () => {
  assert.deepEqual(numberPrompts(3), ["num-3"]);
  assert.deepEqual(numberPrompts(13), ["num-13"]);
  assert.deepEqual(numberPrompts(42), ["num-40", "num-2"]);
  assert.deepEqual(numberPrompts(100), ["num-1", "num-hundred"]);
  assert.deepEqual(numberPrompts(250), ["num-2", "num-hundred", "num-50"]);
  assert.deepEqual(numberPrompts(2007), ["num-2", "num-thousand", "num-7"]);
  assert.throws(() => numberPrompts(-1), RangeError);
});

test("every number prompt used exists in the locale's words", () => {
  const words = LOCALES["en-US"]!.numberWords;
  for (let n = 0; n < 12000; n += 7) {
    for (const id of numberPrompts(n)) assert.ok(id.slice(4) in words, `${n}: ${id}`);
  }
});

test('"you have three new messages", singular, saved, none', () => {
  assert.deepEqual(messageCountPrompts({ new: 3, saved: 0 }), ["vm-you-have", "num-3", "vm-new-messages"]);
  assert.deepEqual(messageCountPrompts({ new: 1, saved: 2 }), [
    "vm-you-have",
    "num-1",
    "vm-new-message",
    "vm-and",
    "num-2",
    "vm-saved-messages",
  ]);
  assert.deepEqual(messageCountPrompts({ new: 0, saved: 0 }), ["vm-no-messages"]);
});

test("locale lookup and voices", () => {
  assert.equal(localeStrings("en-us").voice, "en-us");
  assert.equal(localeStrings("en-GB"), LOCALES["en-US"]);
  assert.equal(voiceForLocale("en-US"), "en-us");
  assert.equal(voiceForLocale("fr-FR"), "fr-fr");
  for (const id of BUILTIN_PROMPT_IDS) assert.ok(LOCALES["en-US"]!.strings[id].length > 0);
});
