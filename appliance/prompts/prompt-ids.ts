// Ids of the prompts generated from the lab's own text (the built-in ones are in
// locale-strings.ts). The IVR and voicemail refer to prompts by these ids; the player resolves
// them to the files render-prompts.ts produced.

/** An IVR menu's spoken greeting. */
export function ivrGreetingPromptId(menuName: string): string {
  return `ivr:${menuName}`;
}

/** A voicemail box's greeting: its own spoken text, or the default naming the extension. */
export function boxGreetingPromptId(box: string): string {
  return `vm-greeting:${box}`;
}
