// Test audio made with sox: sine tones (440 Hz, 1 kHz…) and silence, 8 kHz mono 16-bit like G.711.
import { must } from "./shell.ts";

export interface ToneOptions {
  readonly seconds?: number;
  /** 0..1 of full scale. */
  readonly amplitude?: number;
  readonly sampleRate?: number;
}

export async function generateTone(path: string, frequency: number, o: ToneOptions = {}): Promise<string> {
  await must([
    "sox",
    "-n",
    "-r",
    String(o.sampleRate ?? 8000),
    "-c",
    "1",
    "-b",
    "16",
    path,
    "synth",
    String(o.seconds ?? 5),
    "sine",
    String(frequency),
    "vol",
    String(o.amplitude ?? 0.5),
  ]);
  return path;
}

export async function generateSilence(path: string, seconds = 5, sampleRate = 8000): Promise<string> {
  await must([
    "sox",
    "-n",
    "-r",
    String(sampleRate),
    "-c",
    "1",
    "-b",
    "16",
    path,
    "trim",
    "0",
    String(seconds),
  ]);
  return path;
}
