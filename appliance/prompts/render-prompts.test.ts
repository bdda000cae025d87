import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseWav, WAVE_FORMAT_PCM } from "../media/wav.ts";
import { PromptRenderer, renderPrompts } from "./render-prompts.ts";

function haveTools(): boolean {
  try {
    execFileSync("espeak-ng", ["--version"]);
    execFileSync("sox", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

function checkPrompt(path: string): number {
  const { format, samples } = parseWav(readFileSync(path));
  assert.equal(format.formatTag, WAVE_FORMAT_PCM);
  assert.equal(format.sampleRate, 8000);
  assert.equal(format.channels, 1);
  assert.equal(format.bitsPerSample, 16);
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  assert.ok(rms > 300, `audible (rms ${rms.toFixed(0)})`);
  return samples.length;
}

test("text → 8 kHz mono PCM WAV, cached by hash: a second run regenerates nothing", {
  skip: !haveTools(),
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-prompts-"));
  try {
    const texts = [
      { id: "vm-goodbye", text: "Goodbye." },
      { id: "ivr:main", text: "-v For Alice, press 1. For the operator, press 1 3." }, // leading dash is text
      { id: "num-3", text: "three" },
    ];
    const r1 = new PromptRenderer({ cacheDir: dir, voice: "en-us", concurrency: 2 });
    const paths = await r1.render(texts);
    assert.deepEqual([...paths.keys()], ["vm-goodbye", "ivr:main", "num-3"]);
    const lengths = [...paths.values()].map(checkPrompt);
    assert.ok(lengths[1]! > lengths[0]!, "the longer text is longer audio");
    assert.deepEqual(r1.stats, { generated: 3, cacheHits: 0 });
    const mtimes = [...paths.values()].map((p) => statSync(p).mtimeMs);

    const r2 = new PromptRenderer({ cacheDir: dir, voice: "en-us" });
    const again = await r2.render(texts);
    assert.deepEqual([...again.values()], [...paths.values()]);
    assert.deepEqual(r2.stats, { generated: 0, cacheHits: 3 });
    assert.deepEqual(
      [...again.values()].map((p) => statSync(p).mtimeMs),
      mtimes,
    );
    // Another voice is another cache entry; no scratch or temp files are left behind.
    const other = await renderPrompts([{ id: "x", text: "Goodbye." }], dir, { voice: "en-gb" });
    assert.notEqual(other.get("x"), paths.get("vm-goodbye"));
    assert.ok(
      readdirSync(dir).every((n) => /^[0-9a-f]{32}\.wav$/.test(n)),
      readdirSync(dir).join(","),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("user audio (44.1 kHz stereo flac, ogg) and tones convert to the prompt format", {
  skip: !haveTools(),
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-prompts-"));
  try {
    const flac = join(dir, "greeting.flac");
    execFileSync("sox", ["-n", "-r", "44100", "-c", "2", flac, "synth", "0.5", "sine", "440", "vol", "0.5"]);
    const r = new PromptRenderer({ cacheDir: join(dir, "cache"), voice: "en-us" });
    const out = await r.convertFile(flac);
    assert.ok(Math.abs(checkPrompt(out) - 4000) < 10, "0.5 s at 8 kHz");
    assert.equal(await r.convertFile(flac), out);
    assert.equal(r.stats.cacheHits, 1);
    let hasOgg = true;
    const ogg = join(dir, "greeting.ogg");
    try {
      execFileSync("sox", ["-n", "-r", "16000", "-c", "1", ogg, "synth", "0.3", "sine", "600"]);
    } catch {
      hasOgg = false; // sox built without vorbis
    }
    if (hasOgg) checkPrompt(await r.convertFile(ogg));
    let hasMp3 = true;
    const mp3 = join(dir, "greeting.mp3");
    try {
      execFileSync("sox", ["-n", "-r", "22050", "-c", "1", mp3, "synth", "0.3", "sine", "500"]);
    } catch {
      hasMp3 = false; // sox built without an mp3 encoder
    }
    if (hasMp3) assert.ok(checkPrompt(await r.convertFile(mp3)) >= 2400);
    const beep = await r.renderTone(1000, 300);
    assert.equal(checkPrompt(beep), 2400);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
