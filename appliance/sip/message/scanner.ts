// A cursor over one header value: the primitive the typed header parsers are written with.
// Every method advances monotonically, so each parser is linear in the length of its input.
import { ParseError } from "../../base/index.ts";
import { isIn, isWs, TOKEN } from "./chars.ts";

export class Scanner {
  pos = 0;

  constructor(
    readonly text: string,
    /** Added to error offsets, so errors point into the whole message where known. */
    readonly base = 0,
  ) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  fail(what: string): never {
    throw new ParseError(what, this.base + this.pos);
  }

  /** Skips SP/HTAB (folding was undone before parsing, so LWS is plain whitespace here). */
  ws(): boolean {
    const start = this.pos;
    while (this.pos < this.text.length && isWs(this.text.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  /** Consumes c, optionally surrounded by whitespace (SEMI, COMMA, EQUAL, SLASH, COLON of §25.1). */
  eat(c: string, sws = false): boolean {
    const save = this.pos;
    if (sws) this.ws();
    if (this.text[this.pos] === c) {
      this.pos++;
      if (sws) this.ws();
      return true;
    }
    this.pos = save;
    return false;
  }

  expect(c: string, sws = false): void {
    if (!this.eat(c, sws)) this.fail(`expected "${c}"`);
  }

  /** Consumes a maximal run of characters in table t (may be empty). */
  run(t: Uint8Array): string {
    const start = this.pos;
    while (this.pos < this.text.length && isIn(t, this.text.charCodeAt(this.pos))) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Like run() but requires at least one character. */
  need(t: Uint8Array, what: string): string {
    const s = this.run(t);
    if (s.length === 0) this.fail(`expected ${what}`);
    return s;
  }

  token(): string {
    return this.need(TOKEN, "token");
  }

  /**
   * quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE. Returns the raw text with its
   * quotes (lossless); use unquote() for the value.
   */
  quoted(): string {
    const start = this.pos;
    if (this.text[this.pos] !== '"') this.fail("expected quoted-string");
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x22) {
        this.pos++;
        return this.text.slice(start, this.pos);
      }
      if (c === 0x5c) {
        // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F); a CR or LF cannot be quoted.
        const n = this.text.charCodeAt(this.pos + 1);
        if (Number.isNaN(n) || n === 0x0a || n === 0x0d) this.fail("bad quoted-pair");
        this.pos += 2;
        continue;
      }
      if (c === 0x0a || c === 0x0d) this.fail("line break in quoted-string");
      this.pos++;
    }
    return this.fail("unterminated quoted-string");
  }

  rest(): string {
    const s = this.text.slice(this.pos);
    this.pos = this.text.length;
    return s;
  }

  end(): void {
    this.ws();
    if (!this.done) this.fail("unexpected characters");
  }
}

/** Removes the quotes and quoted-pair escapes of a quoted-string; returns other input unchanged. */
export function unquote(s: string): string {
  if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"') return s;
  let out = "";
  for (let i = 1; i < s.length - 1; i++) {
    const c = s[i]!;
    if (c === "\\" && i + 1 < s.length - 1) {
      out += s[i + 1];
      i++;
    } else out += c;
  }
  return out;
}

/** Builds a quoted-string, escaping " and \ (RFC 3261 §25.1). */
export function quote(s: string): string {
  let out = '"';
  for (const c of s) out += c === '"' || c === "\\" ? `\\${c}` : c;
  return `${out}"`;
}
