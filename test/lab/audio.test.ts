// The audio helpers on files with known content (sox-made tones, silence, a hand-built WAV); these
// need no root and no lab.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { dominantFrequency, isSilent, rms } from "./audio.ts";
import { must } from "./shell.ts";
import { generateSilence, generateTone } from "./tone.ts";
import { parseWav } from "./wav.ts";

const dir = mkdtempSync(join(tmpdir(), "pibx-audio-"));

describe("audio analysis", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const f of [440, 1000, 2600]) {
    it(`finds ${f} Hz in a sox sine`, async () => {
      const wav = await generateTone(join(dir, `${f}.wav`), f, { seconds: 2 });
      const found = dominantFrequency(wav);
      assert.ok(found !== undefined && Math.abs(found - f) <= 2, `found ${found}`);
      assert.equal(isSilent(wav), false);
    });
  }

  it("measures RMS (a sine at half scale is 0.5/√2) and calls silence silent", async () => {
    const tone = await generateTone(join(dir, "rms.wav"), 1000, { seconds: 1, amplitude: 0.5 });
    assert.ok(Math.abs(rms(tone) - 0.5 / Math.SQRT2) < 0.01, `rms ${rms(tone)}`);
    const quiet = await generateSilence(join(dir, "silence.wav"), 1);
    assert.equal(isSilent(quiet), true);
    assert.equal(dominantFrequency(quiet), undefined);
  });

  it("picks the louder of two tones and ignores a silent lead-in", async () => {
    const a = await generateTone(join(dir, "a.wav"), 1000, { seconds: 2, amplitude: 0.5 });
    const b = await generateTone(join(dir, "b.wav"), 440, { seconds: 2, amplitude: 0.1 });
    const mixed = join(dir, "mixed.wav");
    await must(["sox", "-m", a, b, mixed]);
    const padded = join(dir, "padded.wav");
    await must(["sox", mixed, padded, "pad", "1", "0"]);
    const found = dominantFrequency(padded);
    assert.ok(found !== undefined && Math.abs(found - 1000) <= 2, `found ${found}`);
  });

  it("analyses only the window asked for", async () => {
    const a = await generateTone(join(dir, "w1.wav"), 1000, { seconds: 1 });
    const b = await generateTone(join(dir, "w2.wav"), 440, { seconds: 1 });
    const both = join(dir, "both.wav");
    await must(["sox", a, b, both]);
    assert.equal(dominantFrequency(both, { skipSeconds: 0, seconds: 0.9 }), 1000);
    assert.equal(dominantFrequency(both, { skipSeconds: 1.1 }), 440);
  });

  it("parses a hand-built 16-bit stereo WAV, averaging channels", () => {
    const header = Buffer.alloc(44);
    header.write("RIFF", 0, "ascii");
    header.writeUInt32LE(36 + 8, 4);
    header.write("WAVEfmt ", 8, "ascii");
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(2, 22);
    header.writeUInt32LE(8000, 24);
    header.writeUInt32LE(8000 * 4, 28);
    header.writeUInt16LE(4, 32);
    header.writeUInt16LE(16, 34);
    header.write("data", 36, "ascii");
    header.writeUInt32LE(8, 40);
    const data = Buffer.alloc(8);
    data.writeInt16LE(16384, 0);
    data.writeInt16LE(0, 2);
    data.writeInt16LE(-32768, 4);
    data.writeInt16LE(-32768, 6);
    const wav = parseWav(Buffer.concat([header, data]));
    assert.equal(wav.sampleRate, 8000);
    assert.equal(wav.channels, 2);
    assert.deepEqual([...wav.samples], [0.25, -1]);
  });
});
