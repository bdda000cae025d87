// The config has no music-on-hold setting yet: a held party hears a quiet generated tone instead
// of silence (silence sounds like a dropped call). Written once into the state dir as the 8 kHz
// 16-bit WAV the PBX loops; an existing file is kept, so an operator may replace it.
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeWavPcm16 } from "../media/index.ts";

const RATE = 8000;

/** Two seconds of a soft 440 Hz tone fading in and out (loops without a click). */
export function quietToneSamples(): Int16Array {
  const n = RATE * 2;
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const envelope = Math.sin((Math.PI * i) / n); // 0 at both ends: seamless loop
    out[i] = Math.round(2000 * envelope * Math.sin((2 * Math.PI * 440 * i) / RATE));
  }
  return out;
}

export function ensureMusicOnHoldFile(stateDir: string): string {
  const file = join(stateDir, "music-on-hold.wav");
  if (!existsSync(file)) {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, encodeWavPcm16(quietToneSamples(), RATE), { mode: 0o600 });
    renameSync(tmp, file);
  }
  return file;
}
