export type { FakePlay } from "./fake-prompt-player.ts";
export { FakePromptPlayer } from "./fake-prompt-player.ts";
export type { BuiltinPromptId, LocaleStrings } from "./locale-strings.ts";
export {
  BUILTIN_PROMPT_IDS,
  LOCALES,
  localeStrings,
  TONE_PROMPTS,
  voiceForLocale,
} from "./locale-strings.ts";
export { PromptChannel } from "./prompt-channel.ts";
export { boxGreetingPromptId, ivrGreetingPromptId } from "./prompt-ids.ts";
export type { PromptSet, PromptSource } from "./prompt-library.ts";
export { PromptLibrary, promptTexts, renderPromptSet } from "./prompt-library.ts";
export type { PlayHandle, PlayOutcome, PromptItem, PromptPlayer } from "./prompt-player.ts";
export { messageCountPrompts, numberPrompts } from "./prompt-sequencer.ts";
export type { PromptText, RenderOptions, RenderStats } from "./render-prompts.ts";
export {
  builtinPromptTexts,
  PromptRenderError,
  PromptRenderer,
  renderBuiltinPrompts,
  renderPrompts,
} from "./render-prompts.ts";
