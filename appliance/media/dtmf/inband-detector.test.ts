import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { SeededRandom } from "../../base/index.ts";
import { parseWav } from "../wav.ts";
import { dtmfFrequencies, InbandDtmfDetector } from "./inband-detector.ts";

const RATE = 8000;

/** Synthetic DTMF: each digit onMs of the two tones at `amplitude` each, then offMs of silence. */
function dtmfAudio(digits: string, onMs = 80, offMs = 60, amplitude = 6000, noise = 0): Int16Array {
  const rnd = new SeededRandom(7);
  const parts: number[] = [];
  for (const d of digits) {
    const [f1, f2] = dtmfFrequencies(d)!;
    for (let i = 0; i < (onMs * RATE) / 1000; i++) {
      const t = i / RATE;
      parts.push(amplitude * (Math.sin(2 * Math.PI * f1 * t) + 0.8 * Math.sin(2 * Math.PI * f2 * t)));
    }
    for (let i = 0; i < (offMs * RATE) / 1000; i++) parts.push(0);
  }
  return Int16Array.from(parts, (v) => v + (noise ? ((rnd.nextU32() / 2 ** 32) * 2 - 1) * noise : 0));
}

/** Feeds audio in 160-sample frames, as RTP would deliver it. */
function detect(samples: Int16Array): string {
  const det = new InbandDtmfDetector();
  let out = "";
  for (let i = 0; i < samples.length; i += 160) {
    for (const d of det.push(samples.subarray(i, i + 160))) out += d.digit;
  }
  return out;
}

test("every key is detected once from synthetic tones", () => {
  assert.equal(detect(dtmfAudio("0123456789*#ABCD")), "0123456789*#ABCD");
});

test("fast sequence '1 3 #' at 45 ms on / 40 ms off, and a repeated key", () => {
  assert.equal(detect(dtmfAudio("13#", 45, 40)), "13#");
  assert.equal(detect(dtmfAudio("11", 60, 50)), "11");
});

test("tones shorter than the minimum on-time are not digits", () => {
  assert.equal(detect(dtmfAudio("5", 20, 100)), "");
});

test("tones with some noise and twist are still detected; weak tones are not", () => {
  assert.equal(detect(dtmfAudio("159#", 80, 60, 5000, 500)), "159#");
  assert.equal(detect(dtmfAudio("5", 100, 50, 150)), "");
});

test("silence and white noise give no digit", () => {
  assert.equal(detect(new Int16Array(RATE * 2)), "");
  const rnd = new SeededRandom(1);
  assert.equal(detect(Int16Array.from({ length: RATE * 2 }, () => (rnd.nextU32() % 20000) - 10000)), "");
});

test("music-like chords (triads with harmonics, sliding) give no digit", () => {
  const noteHz = (semi: number) => 220 * 2 ** (semi / 12);
  const out: number[] = [];
  // Every major and minor triad rooted on each semitone from A3 to A5, 150 ms each.
  for (let root = 0; root <= 24; root++) {
    for (const third of [3, 4]) {
      const notes = [root, root + third, root + 7].map(noteHz);
      for (let i = 0; i < 0.15 * RATE; i++) {
        const t = i / RATE;
        let v = 0;
        for (const f of notes) {
          v += 3000 * Math.sin(2 * Math.PI * f * t);
          v += 1500 * Math.sin(2 * Math.PI * 2 * f * t);
          v += 700 * Math.sin(2 * Math.PI * 3 * f * t);
        }
        out.push(v);
      }
    }
  }
  assert.equal(detect(Int16Array.from(out)), "");
});

test("synthetic speech from espeak-ng gives no digit (talk-off)", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-talkoff-"));
  try {
    const raw = join(dir, "speech.wav");
    const wav = join(dir, "speech8k.wav");
    const text =
      "Thanks for calling the home lab. For Alice, press one. For the operator, press one three. " +
      "To leave a message, press zero. The quick brown fox jumps over the lazy dog, nine times.";
    try {
      execFileSync("espeak-ng", ["-v", "en-us", "-w", raw, text]);
      execFileSync("sox", [raw, "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", wav]);
    } catch {
      t.skip("espeak-ng or sox not installed");
      return;
    }
    const speech = parseWav(readFileSync(wav)).samples;
    assert.ok(speech.length > RATE * 5, "several seconds of speech");
    assert.equal(detect(speech), "");
    // Speech mixed with a real key press still yields that key (the detector is not deaf).
    const mixed = Int16Array.from(speech.subarray(0, RATE * 2));
    const key = dtmfAudio("7", 120, 0, 9000);
    for (let i = 0; i < key.length; i++) mixed[RATE + i] = key[i]! + (mixed[RATE + i]! >> 3);
    assert.equal(detect(mixed), "7");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("tones made by sox are detected", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-sox-dtmf-"));
  try {
    const wav = join(dir, "key9.wav");
    try {
      // Key 9: 852 Hz + 1477 Hz, 100 ms, then 100 ms of silence.
      execFileSync("sox", [
        "-n",
        "-r",
        "8000",
        "-c",
        "1",
        "-b",
        "16",
        "-e",
        "signed-integer",
        wav,
        "synth",
        "0.1",
        "sine",
        "852",
        "sine",
        "1477",
        "channels",
        "1",
        "vol",
        "0.5",
        "pad",
        "0",
        "0.1",
      ]);
    } catch {
      t.skip("sox not installed");
      return;
    }
    assert.equal(detect(parseWav(readFileSync(wav)).samples), "9");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
