// WAV files (RIFF WAVE): reading prompts and music on hold, and the header the recorder writes.
// The reader walks chunks instead of assuming a 44-octet header: real files carry LIST, fact,
// bext or cue chunks, odd-sized chunks with a pad octet, WAVE_FORMAT_EXTENSIBLE, and streaming
// writers leave a data size of 0 or 0xFFFFFFFF.
import { ParseError } from "../base/index.ts";
import { g711Decode } from "./g711.ts";

export const WAVE_FORMAT_PCM = 1;
export const WAVE_FORMAT_ALAW = 6;
export const WAVE_FORMAT_MULAW = 7;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

export interface WavFormat {
  /** 1 PCM, 6 A-law, 7 µ-law (the sub-format when the file is WAVE_FORMAT_EXTENSIBLE). */
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
}

export interface WavAudio {
  format: WavFormat;
  /** Mono 16-bit linear samples (channels averaged, G.711 decoded). */
  samples: Int16Array;
}

const MAX_CHUNKS = 64;

/**
 * RIFF layout (little-endian):
 *   "RIFF" <u32 size> "WAVE" then chunks: <4-char id> <u32 size> <size octets> [pad to even]
 *   "fmt " : u16 formatTag, u16 channels, u32 sampleRate, u32 byteRate, u16 blockAlign,
 *            u16 bitsPerSample [, u16 cbSize, u16 validBits, u32 channelMask, GUID subFormat]
 *   "data" : the samples
 */
export function parseWav(buf: Uint8Array): WavAudio {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const id = (at: number) => String.fromCharCode(buf[at]!, buf[at + 1]!, buf[at + 2]!, buf[at + 3]!);
  if (buf.length < 12 || id(0) !== "RIFF" || id(8) !== "WAVE")
    throw new ParseError("not a RIFF/WAVE file", 0);
  let format: WavFormat | undefined;
  let data: Uint8Array | undefined;
  let offset = 12;
  for (let n = 0; offset + 8 <= buf.length && n < MAX_CHUNKS; n++) {
    const chunkId = id(offset);
    let size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (chunkId === "data") {
      // Streaming writers leave 0 or 0xFFFFFFFF; a truncated file stops at its end.
      if (size === 0 || body + size > buf.length) size = buf.length - body;
      data = buf.subarray(body, body + size);
      if (format) break;
    } else if (chunkId === "fmt ") {
      if (size < 16 || body + size > buf.length) throw new ParseError("fmt chunk too short", offset);
      format = {
        formatTag: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
      if (format.formatTag === WAVE_FORMAT_EXTENSIBLE) {
        if (size < 40) throw new ParseError("WAVE_FORMAT_EXTENSIBLE fmt chunk too short", offset);
        // The first two octets of the sub-format GUID carry the format tag.
        format.formatTag = view.getUint16(body + 24, true);
      }
    }
    // RIFF chunks are padded to an even length.
    offset = body + size + (size & 1);
  }
  if (!format) throw new ParseError("no fmt chunk", offset);
  if (!data) throw new ParseError("no data chunk", offset);
  return { format, samples: toMonoLinear(format, data) };
}

function toMonoLinear(f: WavFormat, data: Uint8Array): Int16Array {
  if (f.channels < 1 || f.channels > 8) throw new ParseError(`unsupported channel count ${f.channels}`, 0);
  let linear: Int16Array;
  if (f.formatTag === WAVE_FORMAT_PCM && f.bitsPerSample === 16) {
    const n = Math.floor(data.length / 2);
    linear = new Int16Array(n);
    const view = new DataView(data.buffer, data.byteOffset, n * 2);
    for (let i = 0; i < n; i++) linear[i] = view.getInt16(2 * i, true);
  } else if (f.formatTag === WAVE_FORMAT_PCM && f.bitsPerSample === 8) {
    // 8-bit WAV is unsigned, centred on 128.
    linear = Int16Array.from(data, (b) => (b - 128) << 8);
  } else if (
    (f.formatTag === WAVE_FORMAT_MULAW || f.formatTag === WAVE_FORMAT_ALAW) &&
    f.bitsPerSample === 8
  ) {
    linear = g711Decode(f.formatTag === WAVE_FORMAT_MULAW ? "PCMU" : "PCMA", data);
  } else {
    throw new ParseError(`unsupported WAV encoding tag ${f.formatTag}/${f.bitsPerSample} bits`, 0);
  }
  if (f.channels === 1) return linear;
  const frames = Math.floor(linear.length / f.channels);
  const mono = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < f.channels; c++) sum += linear[i * f.channels + c]!;
    mono[i] = Math.round(sum / f.channels);
  }
  return mono;
}

/** A WAV header for mono audio of dataBytes octets (PCM 16-bit, or G.711 8-bit with a fact chunk). */
export function wavHeader(formatTag: number, sampleRate: number, dataBytes: number): Buffer {
  const pcm = formatTag === WAVE_FORMAT_PCM;
  const bits = pcm ? 16 : 8;
  const blockAlign = bits / 8;
  // Non-PCM formats carry cbSize and a fact chunk (Microsoft RIFF spec).
  const fmtSize = pcm ? 16 : 18;
  const factSize = pcm ? 0 : 12;
  const header = Buffer.alloc(12 + 8 + fmtSize + factSize + 8);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(header.length - 8 + dataBytes, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(fmtSize, 16);
  header.writeUInt16LE(formatTag, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(bits, 34);
  let at = 36;
  if (!pcm) {
    header.writeUInt16LE(0, at);
    at += 2;
    header.write("fact", at, "ascii");
    header.writeUInt32LE(4, at + 4);
    header.writeUInt32LE(dataBytes / blockAlign, at + 8);
    at += 12;
  }
  header.write("data", at, "ascii");
  header.writeUInt32LE(dataBytes, at + 4);
  return header;
}

/** A complete mono 16-bit PCM WAV file in memory (for tests and generated prompts). */
export function encodeWavPcm16(samples: Int16Array, sampleRate = 8000): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) data.writeInt16LE(samples[i]!, 2 * i);
  return Buffer.concat([wavHeader(WAVE_FORMAT_PCM, sampleRate, data.length), data]);
}

/**
 * The samples of a prompt or music-on-hold file, checked to be playable as G.711 (8 kHz).
 * Resampling is not done on the Pi at play time: prompts are converted once when installed.
 */
export function promptSamples(buf: Uint8Array): Int16Array {
  const { format, samples } = parseWav(buf);
  if (format.sampleRate !== 8000)
    throw new ParseError(`prompt must be 8000 Hz, not ${format.sampleRate} Hz`, 24);
  return samples;
}
