import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parse } from "yaml";
import type { Lab } from "../../schemas/generated/lab.ts";
import { type LabPromptInput, planLabPrompts } from "./lab-prompts.ts";
import { BUILTIN_PROMPT_IDS } from "./locale-strings.ts";

test("the reference lab's prompts: built-ins, the IVR greeting, a greeting per box", () => {
  const lab = parse(
    readFileSync(new URL("../../examples/home-lab/lab.yaml", import.meta.url), "utf8"),
  ) as Lab;
  const plan = planLabPrompts(lab);
  assert.equal(plan.voice, "en-us");
  const byId = new Map(plan.texts.map((t) => [t.id, t.text]));
  for (const id of BUILTIN_PROMPT_IDS) assert.ok(byId.has(id), id);
  assert.ok(byId.has("num-7") && byId.has("num-hundred"));
  assert.match(byId.get("ivr:main")!, /For Alice, press 1/);
  // Boxes 100 and 101 exist (Bob has none); without their own greeting they name the person.
  assert.ok(byId.has("vm-greeting:100") && byId.has("vm-greeting:101"));
  assert.equal(byId.has("vm-greeting:102"), false);
  assert.match(byId.get("vm-greeting:101")!, /^Alice is not available/);
  assert.deepEqual(plan.files, []);
});

test("a box's own greeting (the operator's long one) and recorded files", () => {
  const operatorGreeting =
    "You have reached the operator of the home lab. Nobody can take your call right now. " +
    "Please leave your name, your number and a short message after the tone, and we will call you back.";
  const lab: LabPromptInput = {
    site: { name: "x", domain: "d", timezone: "UTC", locale: "en-US", dialing: {} as Lab["site"]["dialing"] },
    extensions: [
      {
        number: "100",
        name: "Operator",
        voicemail: { pin: { secret: "p" }, greeting: { say: operatorGreeting } },
      },
      {
        number: "101",
        name: "Alice",
        voicemail: { pin: { secret: "q" }, greeting: { file: "audio/alice.flac" } },
      },
    ] as Lab["extensions"],
    ivrMenus: [],
  };
  const plan = planLabPrompts(lab);
  assert.equal(plan.texts.find((t) => t.id === "vm-greeting:100")!.text, operatorGreeting);
  assert.deepEqual(plan.files, [{ id: "vm-greeting:101", file: "audio/alice.flac" }]);
});
