import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ParseError } from "../base/index.ts";
import { g711Encode } from "./g711.ts";
import { goertzelAmplitude } from "./goertzel.ts";
import { toneSamples } from "./tone.ts";
import { encodeWavPcm16, parseWav, promptSamples, WAVE_FORMAT_MULAW, wavHeader } from "./wav.ts";
import { WavRecorder } from "./wav-recorder.ts";

const hasSox = spawnSync("sox", ["--version"]).status === 0;

function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, "ascii");
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, body.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from("WAVE"), ...chunks]);
  const head = Buffer.alloc(8);
  head.write("RIFF", 0, "ascii");
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

function fmt(tag: number, channels: number, rate: number, bits: number, extra = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(tag, 0);
  b.writeUInt16LE(channels, 2);
  b.writeUInt32LE(rate, 4);
  b.writeUInt32LE((rate * channels * bits) / 8, 8);
  b.writeUInt16LE((channels * bits) / 8, 12);
  b.writeUInt16LE(bits, 14);
  return Buffer.concat([b, extra]);
}

const pcmBytes = (s: Int16Array) => Buffer.from(s.buffer, s.byteOffset, s.byteLength);

describe("WAV reader", () => {
  const tone = toneSamples({ frequencies: [425], amplitude: 6000 }, 400);

  it("reads the 44-octet PCM file it writes", () => {
    const w = parseWav(encodeWavPcm16(tone));
    assert.deepEqual(w.format, {
      formatTag: 1,
      channels: 1,
      sampleRate: 8000,
      bitsPerSample: 16,
      blockAlign: 2,
    });
    assert.deepEqual(w.samples, tone);
  });

  it("walks LIST and odd-sized chunks before fmt and data (sox/Audacity style)", () => {
    const file = riff(
      chunk("LIST", Buffer.from("INFOISFT\x05\0\0\0Lavf\0")),
      chunk("junk", Buffer.alloc(3)),
      chunk("fmt ", fmt(1, 1, 8000, 16)),
      chunk("data", pcmBytes(tone)),
    );
    assert.deepEqual(parseWav(file).samples, tone);
  });

  it("reads µ-law WAV with a fact chunk, WAVE_FORMAT_EXTENSIBLE and stereo", () => {
    const ulaw = g711Encode("PCMU", tone);
    const w = parseWav(Buffer.concat([wavHeader(WAVE_FORMAT_MULAW, 8000, ulaw.length), ulaw]));
    assert.equal(w.format.formatTag, WAVE_FORMAT_MULAW);
    assert.ok(w.samples.every((s, i) => Math.abs(s - tone[i]!) < 400));

    const ext = Buffer.alloc(24);
    ext.writeUInt16LE(22, 0); // cbSize
    ext.writeUInt16LE(16, 2);
    ext.writeUInt16LE(1, 8); // sub-format GUID starts with the PCM tag
    const stereo = new Int16Array(tone.length * 2);
    tone.forEach((s, i) => {
      stereo[2 * i] = s;
      stereo[2 * i + 1] = s;
    });
    const w2 = parseWav(riff(chunk("fmt ", fmt(0xfffe, 2, 8000, 16, ext)), chunk("data", pcmBytes(stereo))));
    assert.equal(w2.format.channels, 2);
    assert.deepEqual(w2.samples, tone);
  });

  it("tolerates a streaming writer's data size (0xFFFFFFFF) and a truncated file", () => {
    const file = encodeWavPcm16(tone);
    file.writeUInt32LE(0xffffffff, 40);
    assert.equal(parseWav(file).samples.length, tone.length);
    assert.equal(parseWav(file.subarray(0, 44 + 101)).samples.length, 50);
  });

  it("reads what sox writes (µ-law with fact chunk; stereo 16-bit)", { skip: !hasSox }, () => {
    const dir = mkdtempSync(join(tmpdir(), "pibx-sox-"));
    try {
      const ulaw = join(dir, "u.wav");
      const stereo = join(dir, "s.wav");
      execFileSync("sox", [
        "-n",
        "-r",
        "8000",
        "-c",
        "1",
        "-e",
        "u-law",
        ulaw,
        "synth",
        "0.5",
        "sine",
        "440",
        "vol",
        "0.5",
      ]);
      execFileSync("sox", [
        "-n",
        "-r",
        "8000",
        "-c",
        "2",
        "-b",
        "16",
        stereo,
        "synth",
        "0.5",
        "sine",
        "440",
        "vol",
        "0.5",
      ]);
      for (const f of [ulaw, stereo]) {
        const w = parseWav(readFileSync(f));
        assert.equal(w.samples.length, 4000);
        const level = goertzelAmplitude(w.samples.subarray(0, 3200), 440);
        assert.ok(Math.abs(level - 16384) < 1000, `${f}: 440 Hz at ${level.toFixed(0)}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("promptSamples accepts 8 kHz and refuses other rates", () => {
    assert.deepEqual(promptSamples(encodeWavPcm16(tone)), tone);
    assert.throws(() => promptSamples(encodeWavPcm16(tone, 16000)), ParseError);
  });

  it("rejects what is not a usable WAV with ParseError", () => {
    assert.throws(() => parseWav(Buffer.from("RIFX0000WAVE")), ParseError);
    assert.throws(() => parseWav(riff(chunk("data", Buffer.alloc(4)))), ParseError);
    assert.throws(() => parseWav(riff(chunk("fmt ", fmt(1, 1, 8000, 16)))), ParseError);
    assert.throws(
      () => parseWav(riff(chunk("fmt ", fmt(85, 1, 8000, 16)), chunk("data", Buffer.alloc(4)))),
      ParseError,
    );
  });
});

describe("WavRecorder (durable)", () => {
  it("writes through a temp file and renames it into place on close", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pibx-rec-"));
    try {
      const path = join(dir, "msg0001.wav");
      const rec = await WavRecorder.create(path);
      const tone = toneSamples({ frequencies: [400], amplitude: 5000 }, 1600);
      for (let i = 0; i < 10; i++) rec.write(tone.subarray(i * 160, (i + 1) * 160));
      // Before close only the temp file exists: a reader never sees a half-written message.
      assert.deepEqual(
        readdirSync(dir).map((n) => n.startsWith("msg0001.wav.tmp-")),
        [true],
      );
      await rec.close();
      await rec.close(); // idempotent
      assert.deepEqual(readdirSync(dir), ["msg0001.wav"]);
      assert.deepEqual(parseWav(readFileSync(path)).samples, tone);
      assert.throws(() => rec.write(tone), /closed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("caps the length, writes G.711, and abort leaves nothing behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pibx-rec-"));
    try {
      const rec = await WavRecorder.create(join(dir, "a.wav"), { encoding: "PCMA", maxSamples: 240 });
      assert.equal(rec.write(new Int16Array(160)), true);
      assert.equal(rec.write(new Int16Array(160)), false);
      assert.equal(rec.sampleCount, 240);
      await rec.close();
      const w = parseWav(readFileSync(join(dir, "a.wav")));
      assert.equal(w.format.formatTag, 6);
      assert.equal(w.samples.length, 240);

      const gone = await WavRecorder.create(join(dir, "b.wav"));
      gone.write(new Int16Array(160));
      await gone.abort();
      assert.deepEqual(readdirSync(dir), ["a.wav"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
