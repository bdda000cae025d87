// Reading PCM WAV files (what baresip's sndfile writes) into mono float samples in [-1, 1].
import { readFileSync } from "node:fs";
import { LabError } from "./lab-error.ts";

export interface Wav {
  readonly sampleRate: number;
  readonly channels: number;
  /** Mono (channels averaged). */
  readonly samples: Float32Array;
}

export function parseWav(buf: Buffer): Wav {
  if (buf.toString("ascii", 0, 4) !== "RIFF" || buf.toString("ascii", 8, 12) !== "WAVE") {
    throw new LabError("not a RIFF/WAVE file");
  }
  let format = 0;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  let data: Buffer | undefined;
  // Chunks: 4-byte id, 4-byte little-endian size, payload padded to an even length.
  for (let off = 12; off + 8 <= buf.length; ) {
    const id = buf.toString("ascii", off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = buf.subarray(off + 8, Math.min(buf.length, off + 8 + size));
    if (id === "fmt ") {
      format = body.readUInt16LE(0);
      channels = body.readUInt16LE(2);
      sampleRate = body.readUInt32LE(4);
      bits = body.readUInt16LE(14);
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
      if (format === 0xfffe && body.length >= 26) format = body.readUInt16LE(24);
    } else if (id === "data") {
      data = body;
    }
    off += 8 + size + (size % 2);
  }
  if (!data || channels === 0) throw new LabError("WAV without fmt or data chunk");
  const read = sampleReader(format, bits);
  const width = bits / 8;
  const frames = Math.floor(data.length / (width * channels));
  const samples = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read(data, (f * channels + c) * width);
    samples[f] = sum / channels;
  }
  return { sampleRate, channels, samples };
}

function sampleReader(format: number, bits: number): (b: Buffer, at: number) => number {
  if (format === 1 && bits === 16) return (b, at) => b.readInt16LE(at) / 32768;
  if (format === 1 && bits === 8) return (b, at) => (b.readUInt8(at) - 128) / 128;
  if (format === 1 && bits === 32) return (b, at) => b.readInt32LE(at) / 2147483648;
  if (format === 3 && bits === 32) return (b, at) => b.readFloatLE(at);
  throw new LabError(`unsupported WAV sample format ${format}/${bits} bits`);
}

export function readWav(path: string): Wav {
  return parseWav(readFileSync(path));
}
