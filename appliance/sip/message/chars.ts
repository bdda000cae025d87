// Character classes of the RFC 3261 §25.1 ABNF as lookup tables: one array read per character
// keeps every scanner linear (no regular expressions that could backtrack).

function table(chars: string, ranges: Array<[number, number]> = []): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  for (const [a, b] of ranges) for (let i = a; i <= b; i++) t[i] = 1;
  return t;
}

const ALNUM: Array<[number, number]> = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x61, 0x7a],
];

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const TOKEN = table("-.!%*_+`'~", ALNUM);
/** word (Call-ID) = token chars plus ( ) < > : \ DQUOTE / [ ] ? { } */
export const WORD = table("-.!%*_+`'~()<>:\\\"/[]?{}", ALNUM);
/** unreserved = alphanum / mark; mark = - _ . ! ~ * ' ( ) */
export const UNRESERVED = table("-_.!~*'()", ALNUM);
/** user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = & = + $ , ; ? / */
export const USER = table("-_.!~*'()&=+$,;?/", ALNUM);
/** password = *( unreserved / escaped / & = + $ , ) */
export const PASSWORD = table("-_.!~*'()&=+$,", ALNUM);
/** paramchar = param-unreserved / unreserved / escaped; param-unreserved = [ ] / : & + $ */
export const PARAMCHAR = table("-_.!~*'()[]/:&+$", ALNUM);
/** hname / hvalue = hnv-unreserved / unreserved / escaped; hnv-unreserved = [ ] / ? : + $ */
export const HNVCHAR = table("-_.!~*'()[]/?:+$", ALNUM);
/** uric = reserved / unreserved / escaped; reserved = ; / ? : @ & = + $ , (plus [ ] for IPv6) */
export const URIC = table("-_.!~*'();/?:@&=+$,[]", ALNUM);
/** hostname characters (domain labels) */
export const HOSTCHAR = table("-.", ALNUM);
/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
export const SCHEMECHAR = table("+-.", ALNUM);

export function isIn(t: Uint8Array, code: number): boolean {
  return code < 128 && t[code] === 1;
}

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

export function isAlpha(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

export function isHex(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/** SP or HTAB: what is left of LWS once header folding is undone. */
export function isWs(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** True when every character of s is in t (and s is non-empty). */
export function allIn(t: Uint8Array, s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isIn(t, s.charCodeAt(i))) return false;
  return true;
}

export function isToken(s: string): boolean {
  return allIn(TOKEN, s);
}

/** 1*DIGIT, any length (callers bound the value). */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** Trims SP and HTAB only: String.prototype.trim would also eat U+FEFF and other Unicode spaces. */
export function trimWs(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isWs(s.charCodeAt(a))) a++;
  while (b > a && isWs(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}
