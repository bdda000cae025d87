// G.711 (ITU-T G.711, 11/1988) µ-law and A-law. The reference algorithm (the one in the
// Recommendation's companion code, as in the well-known Sun g711.c) builds lookup tables once;
// encoding and decoding are then one table read per sample.

const SEG_MASK = 0x70;
const QUANT_MASK = 0x0f;
const SIGN_BIT = 0x80;
const ULAW_BIAS = 0x84;
const ULAW_CLIP = 8159; // in 14-bit units
const SEG_UEND = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];
const SEG_AEND = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

function segment(value: number, ends: readonly number[]): number {
  for (let i = 0; i < ends.length; i++) if (value <= ends[i]!) return i;
  return ends.length;
}

/** G.711 µ-law compression of one 16-bit linear sample (14-bit magnitude used). */
function ulawFromLinear(sample: number): number {
  let pcm = sample >> 2;
  let mask: number;
  if (pcm < 0) {
    pcm = -pcm;
    mask = 0x7f;
  } else {
    mask = 0xff;
  }
  if (pcm > ULAW_CLIP) pcm = ULAW_CLIP;
  pcm += ULAW_BIAS >> 2;
  const seg = segment(pcm, SEG_UEND);
  if (seg >= 8) return 0x7f ^ mask;
  return ((seg << 4) | ((pcm >> (seg + 1)) & QUANT_MASK)) ^ mask;
}

function linearFromUlaw(code: number): number {
  const u = ~code & 0xff;
  let t = ((u & QUANT_MASK) << 3) + ULAW_BIAS;
  t <<= (u & SEG_MASK) >> 4;
  return u & SIGN_BIT ? ULAW_BIAS - t : t - ULAW_BIAS;
}

/** G.711 A-law compression of one 16-bit linear sample (13-bit magnitude used). */
function alawFromLinear(sample: number): number {
  let pcm = sample >> 3;
  let mask: number;
  if (pcm >= 0) {
    mask = 0xd5;
  } else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  const seg = segment(pcm, SEG_AEND);
  if (seg >= 8) return 0x7f ^ mask;
  let a = seg << 4;
  a |= seg < 2 ? (pcm >> 1) & QUANT_MASK : (pcm >> seg) & QUANT_MASK;
  return a ^ mask;
}

function linearFromAlaw(code: number): number {
  const a = code ^ 0x55;
  let t = (a & QUANT_MASK) << 4;
  const seg = (a & SEG_MASK) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & SIGN_BIT ? t : -t;
}

const ULAW_ENCODE = new Uint8Array(65536);
const ALAW_ENCODE = new Uint8Array(65536);
const ULAW_DECODE = new Int16Array(256);
const ALAW_DECODE = new Int16Array(256);
const ULAW_TO_ALAW = new Uint8Array(256);
const ALAW_TO_ULAW = new Uint8Array(256);
for (let s = -32768; s < 32768; s++) {
  ULAW_ENCODE[s + 32768] = ulawFromLinear(s);
  ALAW_ENCODE[s + 32768] = alawFromLinear(s);
}
for (let c = 0; c < 256; c++) {
  ULAW_DECODE[c] = linearFromUlaw(c);
  ALAW_DECODE[c] = linearFromAlaw(c);
}
// Transcoding through the linear value: decoding is exact, so this is the nearest code.
for (let c = 0; c < 256; c++) {
  ULAW_TO_ALAW[c] = ALAW_ENCODE[ULAW_DECODE[c]! + 32768]!;
  ALAW_TO_ULAW[c] = ULAW_ENCODE[ALAW_DECODE[c]! + 32768]!;
}

export type G711Law = "PCMU" | "PCMA";

/** RFC 3551 §6: the static payload types of G.711. */
export const G711_PAYLOAD_TYPE: Record<G711Law, number> = { PCMU: 0, PCMA: 8 };

export function ulawEncodeSample(sample: number): number {
  return ULAW_ENCODE[(clamp16(sample) + 32768) | 0]!;
}
export function ulawDecodeSample(code: number): number {
  return ULAW_DECODE[code & 0xff]!;
}
export function alawEncodeSample(sample: number): number {
  return ALAW_ENCODE[(clamp16(sample) + 32768) | 0]!;
}
export function alawDecodeSample(code: number): number {
  return ALAW_DECODE[code & 0xff]!;
}

function clamp16(x: number): number {
  return x > 32767 ? 32767 : x < -32768 ? -32768 : Math.round(x);
}

/** Encodes linear PCM; out may be passed to avoid an allocation. */
export function g711Encode(
  law: G711Law,
  pcm: Int16Array,
  out: Uint8Array = new Uint8Array(pcm.length),
): Uint8Array {
  const table = law === "PCMU" ? ULAW_ENCODE : ALAW_ENCODE;
  for (let i = 0; i < pcm.length; i++) out[i] = table[pcm[i]! + 32768]!;
  return out;
}

export function g711Decode(
  law: G711Law,
  codes: Uint8Array,
  out: Int16Array = new Int16Array(codes.length),
): Int16Array {
  const table = law === "PCMU" ? ULAW_DECODE : ALAW_DECODE;
  for (let i = 0; i < codes.length; i++) out[i] = table[codes[i]!]!;
  return out;
}

/** µ-law ↔ A-law without going through a linear buffer (one table read per octet). */
export function g711Transcode(
  from: G711Law,
  to: G711Law,
  codes: Uint8Array,
  out: Uint8Array = new Uint8Array(codes.length),
): Uint8Array {
  if (from === to) {
    out.set(codes);
    return out;
  }
  const table = from === "PCMU" ? ULAW_TO_ALAW : ALAW_TO_ULAW;
  for (let i = 0; i < codes.length; i++) out[i] = table[codes[i]!]!;
  return out;
}

/** The code for digital silence (a linear 0). */
export function g711Silence(law: G711Law): number {
  return law === "PCMU" ? 0xff : 0xd5;
}
