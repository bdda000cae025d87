// Stream framing for TCP/TLS (RFC 3261 §18.3): messages are delimited by the empty line after
// the head and then Content-Length octets of body. Between messages, CRLFs are keepalives
// (RFC 5626 §3.5.1): a double CRLF "ping" must be answered with a single CRLF "pong".
//
// Incremental and linear: the search for the end of the head resumes where it stopped, so a
// message delivered one byte at a time costs O(n) overall.
import { LimitExceededError, ParseError } from "../../base/index.ts";
import { trimWs } from "./chars.ts";
import { canonicalHeaderName } from "./header-names.ts";
import { type ParseLimits, resolveLimits } from "./limits.ts";
import { parseContentLength } from "./scalars.ts";

export type FramerEvent =
  | { type: "message"; bytes: Buffer }
  /** A CRLFCRLF ping: answer with a single CRLF (RFC 5626 §3.5.1). */
  | { type: "ping" }
  /** A single CRLF pong (answer to our ping). */
  | { type: "pong" };

const CR = 0x0d;
const LF = 0x0a;

export class StreamFramer {
  /** Growable buffer: live bytes are store[start, end). Doubling keeps appends amortised O(1). */
  private store: Buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  /** Where to resume searching for the end of the head, relative to start. */
  private scanFrom = 0;
  /** Total length of the message being assembled, once its head is complete. */
  private need = -1;
  private readonly limits: ParseLimits;
  private failed: ParseError | undefined;
  /** Work counters (bytes examined while looking for heads, bytes copied): for linearity tests. */
  readonly work = { scanned: 0, copied: 0 };

  constructor(limits?: Partial<ParseLimits>) {
    this.limits = resolveLimits(limits);
  }

  /** Bytes buffered and not yet returned. */
  get buffered(): number {
    return this.end - this.start;
  }

  private get buf(): Buffer {
    return this.store.subarray(this.start, this.end);
  }

  private consume(n: number): void {
    this.start += n;
    if (this.start === this.end) this.start = this.end = 0;
  }

  private append(chunk: Uint8Array): void {
    const live = this.end - this.start;
    if (this.end + chunk.length > this.store.length) {
      const next = Buffer.allocUnsafe(Math.max(this.store.length * 2, live + chunk.length, 4096));
      this.store.copy(next, 0, this.start, this.end);
      this.work.copied += live;
      this.store = next;
      this.start = 0;
      this.end = live;
    }
    this.store.set(chunk, this.end);
    this.end += chunk.length;
    this.work.copied += chunk.length;
  }

  /**
   * Feeds bytes; returns the complete messages and keepalives found. Throws ParseError when the
   * stream cannot be framed (the connection should then be closed); every later call rethrows.
   */
  push(chunk: Uint8Array): FramerEvent[] {
    if (this.failed) throw this.failed;
    try {
      this.append(chunk);
      return this.drain();
    } catch (err) {
      if (err instanceof ParseError) this.failed = err;
      throw err;
    }
  }

  private drain(): FramerEvent[] {
    const out: FramerEvent[] = [];
    for (;;) {
      if (this.need < 0) {
        const b = this.buf;
        // Keepalives only occur between messages.
        if (this.scanFrom === 0 && (b[0] === CR || b[0] === LF)) {
          const k = this.keepalive(b);
          if (k === "wait") return out;
          // Consecutive keepalives collapse into one event: one pong answers a burst of pings.
          if (k && out[out.length - 1]?.type !== k.type) out.push(k);
          continue; // the run was consumed: look again
        }
        const end = this.findHeadEnd(b);
        if (end < 0) {
          if (b.length > this.limits.maxMessageBytes) {
            throw new LimitExceededError("maxMessageBytes", this.limits.maxMessageBytes, b.length);
          }
          return out;
        }
        // Only Content-Length matters for framing: a malformed header elsewhere must not cost
        // the connection, it is answered 400 once the whole message is read.
        const cls = contentLengths(b.subarray(0, end));
        if (cls.length > 1) throw new ParseError("multiple Content-Length header fields", end);
        const length = cls.length ? parseContentLength(cls[0]!, 2 ** 31 - 1, end) : 0;
        this.need = end + length;
        if (this.need > this.limits.maxMessageBytes) {
          throw new LimitExceededError("maxMessageBytes", this.limits.maxMessageBytes, end);
        }
      }
      if (this.buffered < this.need) return out;
      out.push({ type: "message", bytes: Buffer.from(this.buf.subarray(0, this.need)) });
      this.consume(this.need);
      this.need = -1;
      this.scanFrom = 0;
    }
  }

  /**
   * Consumes a leading run of CR/LF in one pass: two or more line ends make a ping (CRLFCRLF),
   * one a pong (CRLF). "wait" when the run reaches the end of the buffer and could still grow
   * into a ping.
   */
  private keepalive(b: Buffer): FramerEvent | "wait" | undefined {
    let j = 0;
    let lf = 0;
    while (j < b.length && (b[j] === CR || b[j] === LF)) {
      if (b[j] === LF) lf++;
      j++;
    }
    if (j === b.length && lf < 2) return "wait";
    this.consume(j);
    if (lf >= 2) return { type: "ping" };
    return lf === 1 ? { type: "pong" } : undefined;
  }

  /** Offset just past the empty line ending the head, or -1. */
  private findHeadEnd(b: Buffer): number {
    let i = this.scanFrom;
    for (; i < b.length; i++) {
      this.work.scanned++;
      if (b[i] !== LF) continue;
      // LF followed by CRLF or LF ends the head.
      if (b[i + 1] === LF) return i + 2;
      if (b[i + 1] === CR && b[i + 2] === LF) return i + 3;
      if (i + 2 >= b.length) break; // cannot decide yet
    }
    this.scanFrom = Math.max(0, Math.min(i, b.length - 2));
    return -1;
  }
}

/** The Content-Length values of a head (folded values joined), without parsing anything else. */
function contentLengths(head: Buffer): string[] {
  const out: string[] = [];
  let inCl = false;
  const lines = head.toString("latin1").split("\n");
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!.endsWith("\r") ? lines[n]!.slice(0, -1) : lines[n]!;
    const c0 = line.charCodeAt(0);
    if (c0 === 0x20 || c0 === 0x09) {
      if (inCl) out[out.length - 1] = trimWs(`${out[out.length - 1]} ${trimWs(line)}`);
      continue;
    }
    const colon = line.indexOf(":");
    inCl = colon > 0 && canonicalHeaderName(trimWs(line.slice(0, colon))) === "Content-Length";
    if (inCl) out.push(trimWs(line.slice(colon + 1)));
  }
  return out;
}
