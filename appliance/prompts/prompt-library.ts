// The prompts the appliance plays, by id: the built-in ones of the site's locale, each IVR menu's
// greeting and each voicemail box's greeting, rendered with espeak-ng (render-prompts.ts) when a
// config is applied. A render that fails (no espeak-ng on the host) leaves the previous set in
// place and is reported; an id with no file plays as nothing rather than failing the call.
import { readFileSync } from "node:fs";
import { promptSamples } from "../media/index.ts";
import { localeStrings, voiceForLocale } from "./locale-strings.ts";
import { boxGreetingPromptId, ivrGreetingPromptId } from "./prompt-ids.ts";
import type { PromptItem } from "./prompt-player.ts";
import { PromptRenderer, type PromptText, renderBuiltinPrompts } from "./render-prompts.ts";

/** What the config says is spoken (the appliance config's `Prompt`). */
export type PromptSource = { say: string } | { file: string };

export interface PromptSet {
  locale: string;
  menus: ReadonlyArray<{ name: string; greeting: PromptSource }>;
  boxes: ReadonlyArray<{ number: string; ownerName?: string; greeting?: PromptSource }>;
}

/** How many decoded files are kept in memory (prompts are small; messages are not cached). */
const CACHE_LIMIT = 256;

export class PromptLibrary {
  private files = new Map<string, string>();
  private readonly decoded = new Map<string, Int16Array>();

  /** Replaces the id → file map (after a render). */
  replace(files: ReadonlyMap<string, string>): void {
    this.files = new Map(files);
    this.decoded.clear();
  }

  get size(): number {
    return this.files.size;
  }

  has(id: string): boolean {
    return this.files.has(id);
  }

  /** The 8 kHz samples of an item; undefined when the id is unknown or the file unreadable. */
  samples(item: PromptItem): Int16Array | undefined {
    const path = typeof item === "string" ? this.files.get(item) : item.file;
    if (path === undefined) return undefined;
    const cached = this.decoded.get(path);
    if (cached) return cached;
    let s: Int16Array;
    try {
      s = promptSamples(readFileSync(path));
    } catch {
      return undefined;
    }
    // Only library files are cached: a message file (retrieval) is read once per play.
    if (typeof item === "string") {
      if (this.decoded.size >= CACHE_LIMIT) this.decoded.clear();
      this.decoded.set(path, s);
    }
    return s;
  }
}

/** The texts to speak for a prompt set (built-in prompts come from the locale). */
export function promptTexts(set: PromptSet): {
  texts: PromptText[];
  files: Array<{ id: string; file: string }>;
} {
  const l = localeStrings(set.locale);
  const texts: PromptText[] = [];
  const files: Array<{ id: string; file: string }> = [];
  const add = (id: string, g: PromptSource | undefined, fallback: string | undefined) => {
    if (g && "file" in g) files.push({ id, file: g.file });
    else if (g) texts.push({ id, text: g.say });
    else if (fallback !== undefined) texts.push({ id, text: fallback });
  };
  for (const m of set.menus) add(ivrGreetingPromptId(m.name), m.greeting, undefined);
  for (const b of set.boxes)
    add(boxGreetingPromptId(b.number), b.greeting, l.defaultBoxGreeting(b.ownerName ?? b.number));
  return { texts, files };
}

/** Renders a prompt set into cacheDir (cached by text hash); returns id → WAV path. */
export async function renderPromptSet(set: PromptSet, cacheDir: string): Promise<Map<string, string>> {
  const renderer = new PromptRenderer({ cacheDir, voice: voiceForLocale(set.locale), concurrency: 2 });
  const out = await renderBuiltinPrompts(renderer, set.locale);
  const { texts, files } = promptTexts(set);
  for (const [id, path] of await renderer.render(texts)) out.set(id, path);
  for (const f of files) out.set(f.id, await renderer.convertFile(f.file));
  return out;
}
