// Turns prompt text into 8 kHz mono 16-bit PCM WAV files with espeak-ng then sox, and converts
// user audio (wav/mp3/ogg/flac) to the same format. Results are cached in a directory by a hash
// of what determines the output (text or source content, voice, engine versions, format), so
// applying an unchanged config regenerates nothing. Runs are concurrency-bounded (the Pi has
// four cores and is answering calls meanwhile) and every file lands with an atomic durable
// write: a cache entry is complete or absent.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { PibxError } from "../base/index.ts";
import { writeFileDurable } from "../store/index.ts";
import { BUILTIN_PROMPT_IDS, localeStrings, TONE_PROMPTS } from "./locale-strings.ts";

/** Bump when the produced format changes: every cache entry is then regenerated. */
const FORMAT_VERSION = "pcm16-8k-mono-1";

export class PromptRenderError extends PibxError {
  override name = "PromptRenderError";
  constructor(
    message: string,
    readonly command: string,
    readonly stderr: string,
  ) {
    super(`${message}: ${command}: ${stderr.trim().slice(0, 300)}`);
  }
}

export interface PromptText {
  id: string;
  text: string;
}

export interface RenderOptions {
  cacheDir: string;
  /** espeak-ng voice, e.g. `en-us`. */
  voice: string;
  /** Parallel espeak-ng/sox pipelines; default 2. */
  concurrency?: number;
}

export interface RenderStats {
  generated: number;
  cacheHits: number;
}

interface RunResult {
  stdout: Buffer;
  stderr: string;
}

function run(cmd: string, args: readonly string[], input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => reject(new PromptRenderError(e.message, cmd, "")));
    child.on("close", (code) => {
      const stderr = Buffer.concat(err).toString("utf8");
      if (code === 0) resolve({ stdout: Buffer.concat(out), stderr });
      else reject(new PromptRenderError(`exit code ${code}`, `${cmd} ${args.join(" ")}`, stderr));
    });
    child.stdin.on("error", () => {}); // reported by close
    child.stdin.end(input ?? "");
  });
}

/** Runs tasks with at most `limit` in flight, keeping result order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

const SOX_OUT = ["-t", "wav", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer"];

export class PromptRenderer {
  readonly stats: RenderStats = { generated: 0, cacheHits: 0 };
  private versions: Promise<string> | undefined;
  private tmpCounter = 0;

  constructor(private readonly opts: RenderOptions) {
    mkdirSync(opts.cacheDir, { recursive: true, mode: 0o755 });
  }

  /** espeak-ng and sox versions: part of every cache key. */
  engineVersion(): Promise<string> {
    this.versions ??= Promise.all([run("espeak-ng", ["--version"]), run("sox", ["--version"])]).then(
      ([e, s]) => `${e.stdout.toString().trim()}|${s.stdout.toString().trim()}`,
    );
    return this.versions;
  }

  /** Renders texts; returns id → path of the 8 kHz WAV. */
  async render(texts: readonly PromptText[]): Promise<Map<string, string>> {
    const version = await this.engineVersion();
    const paths = await mapBounded(texts, this.opts.concurrency ?? 2, (t) => this.renderOne(t.text, version));
    return new Map(texts.map((t, i) => [t.id, paths[i]!]));
  }

  /** Converts a user audio file (any format sox reads) to the prompt format; returns its path. */
  async convertFile(source: string): Promise<string> {
    const version = await this.engineVersion();
    const content = await readFile(source);
    const key = hash(["file", FORMAT_VERSION, version, createHash("sha256").update(content).digest("hex")]);
    return this.cached(key, async (tmp) => {
      await run("sox", [source, ...SOX_OUT, tmp]);
    });
  }

  /** A pure tone prompt (e.g. the voicemail beep). */
  async renderTone(hz: number, ms: number): Promise<string> {
    const version = await this.engineVersion();
    const key = hash(["tone", FORMAT_VERSION, version, String(hz), String(ms)]);
    return this.cached(key, async (tmp) => {
      await run("sox", ["-n", ...SOX_OUT, tmp, "synth", String(ms / 1000), "sine", String(hz), "vol", "0.5"]);
    });
  }

  private renderOne(text: string, version: string): Promise<string> {
    const key = hash(["say", FORMAT_VERSION, version, this.opts.voice, text]);
    return this.cached(key, async (tmp) => {
      const raw = `${tmp}.espeak.wav`;
      try {
        // Text on stdin: never parsed as options, whatever it starts with.
        await run("espeak-ng", ["-v", this.opts.voice, "-w", raw, "--stdin"], text);
        await run("sox", [raw, ...SOX_OUT, tmp]);
      } finally {
        await rm(raw, { force: true });
      }
    });
  }

  /** Produces `<cacheDir>/<key>.wav` once: generate into a scratch file, then write it durably. */
  private async cached(key: string, generate: (tmp: string) => Promise<void>): Promise<string> {
    const path = join(this.opts.cacheDir, `${key}.wav`);
    if (existsSync(path)) {
      this.stats.cacheHits++;
      return path;
    }
    const scratch = join(
      this.opts.cacheDir,
      `.scratch-${process.pid}-${++this.tmpCounter}-${key.slice(0, 8)}.wav`,
    );
    try {
      await generate(scratch);
      await writeFileDurable(path, await readFile(scratch), 0o644);
    } finally {
      await rm(scratch, { force: true });
    }
    this.stats.generated++;
    return path;
  }
}

function hash(parts: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);
}

/** Renders prompt texts into cacheDir; returns id → WAV path. */
export async function renderPrompts(
  texts: readonly PromptText[],
  cacheDir: string,
  opts: { voice?: string; concurrency?: number } = {},
): Promise<Map<string, string>> {
  const r = new PromptRenderer({
    cacheDir,
    voice: opts.voice ?? "en-us",
    concurrency: opts.concurrency ?? 2,
  });
  return r.render(texts);
}

/** The built-in prompt texts of a locale (IVR, voicemail, numbers) as render input. */
export function builtinPromptTexts(locale: string): PromptText[] {
  const l = localeStrings(locale);
  return [
    ...BUILTIN_PROMPT_IDS.map((id) => ({ id, text: l.strings[id] })),
    ...Object.entries(l.numberWords).map(([k, text]) => ({ id: `num-${k}`, text })),
  ];
}

/** Renders every built-in prompt (speech and tones) of a locale; returns id → path. */
export async function renderBuiltinPrompts(
  renderer: PromptRenderer,
  locale: string,
): Promise<Map<string, string>> {
  const out = await renderer.render(builtinPromptTexts(locale));
  for (const [id, t] of Object.entries(TONE_PROMPTS)) out.set(id, await renderer.renderTone(t.hz, t.ms));
  return out;
}
