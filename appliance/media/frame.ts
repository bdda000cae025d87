// The one packetisation pibx uses for G.711: 20 ms frames of 160 samples at 8 kHz
// (RFC 3551 §4.5.14 and the default a=ptime:20 of every phone in the lab).
export const FRAME_MS = 20;
export const SAMPLES_PER_FRAME = 160;
