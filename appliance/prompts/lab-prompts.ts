// Everything the lab asks to be spoken or played, as render input: IVR greetings, each voicemail
// box's greeting (its own text, or "<name> is not available…" in the site's language) and the
// recorded greeting files to convert. Rendering happens when the config is applied.
import type { Lab } from "../../schemas/generated/lab.ts";
import { localeStrings, voiceForLocale } from "./locale-strings.ts";
import { boxGreetingPromptId, ivrGreetingPromptId } from "./prompt-ids.ts";
import type { PromptRenderer, PromptText } from "./render-prompts.ts";
import { builtinPromptTexts, renderBuiltinPrompts } from "./render-prompts.ts";

export interface LabPromptPlan {
  /** espeak-ng voice for the site's locale. */
  voice: string;
  /** Texts to speak: built-in prompts, IVR greetings, box greetings. */
  texts: PromptText[];
  /** Recorded greetings (paths relative to lab.yaml) by the prompt id they serve. */
  files: Array<{ id: string; file: string }>;
}

export type LabPromptInput = Pick<Lab, "site" | "extensions" | "ivrMenus">;

export function planLabPrompts(lab: LabPromptInput): LabPromptPlan {
  const l = localeStrings(lab.site.locale);
  const texts: PromptText[] = builtinPromptTexts(lab.site.locale);
  const files: LabPromptPlan["files"] = [];
  for (const menu of lab.ivrMenus) {
    const id = ivrGreetingPromptId(menu.name);
    if ("say" in menu.greeting) texts.push({ id, text: menu.greeting.say });
    else files.push({ id, file: menu.greeting.file });
  }
  for (const ext of lab.extensions) {
    if (!ext.voicemail) continue;
    const id = boxGreetingPromptId(ext.number);
    const g = ext.voicemail.greeting;
    if (!g) texts.push({ id, text: l.defaultBoxGreeting(ext.name) });
    else if ("say" in g) texts.push({ id, text: g.say });
    else files.push({ id, file: g.file });
  }
  return { voice: voiceForLocale(lab.site.locale), texts, files };
}

/** Renders a plan; `resolveFile` turns a lab-relative path into a readable one. Returns id → path. */
export async function renderLabPrompts(
  plan: LabPromptPlan,
  renderer: PromptRenderer,
  locale: string,
  resolveFile: (file: string) => string,
): Promise<Map<string, string>> {
  const out = await renderBuiltinPrompts(renderer, locale);
  const builtinIds = new Set(out.keys());
  for (const [id, path] of await renderer.render(plan.texts.filter((t) => !builtinIds.has(t.id))))
    out.set(id, path);
  for (const f of plan.files) out.set(f.id, await renderer.convertFile(resolveFile(f.file)));
  return out;
}
