// The ringback an answered caller hears while the PBX rings the callee for it (after the IVR
// chose an extension): the North American audible ringing tone, 440 + 480 Hz, 2 s on, 4 s off
// (ITU-T E.180 Supplement 2, United States), looped by the music-on-hold player.
import { toneSamples } from "../../media/index.ts";

const RATE = 8000;

export function ringbackSamples(): Int16Array {
  const on = toneSamples({ frequencies: [440, 480], amplitude: 3000 }, 2 * RATE);
  const out = new Int16Array(6 * RATE); // the 4 s of silence stay zero
  out.set(on, 0);
  return out;
}
