// Property and fuzz tests with a fixed seed. The normal suite runs a bounded number of cases;
// `npm run fuzz:sip` runs the same properties long (SIP_FUZZ_RUNS cases each, SIP_FUZZ_SEED).
// Work is bounded by counting cases, never by wall-clock assertions: per-case durations are
// reported as diagnostics only.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { ParseError } from "../../base/index.ts";
import { StreamFramer } from "./framer.ts";
import {
  addHeader,
  getAccept,
  getAuthValues,
  getCallId,
  getContacts,
  getContentType,
  getCSeq,
  getExpires,
  getFrom,
  getMaxForwards,
  getRecordRoutes,
  getRoutes,
  getTo,
  getTokens,
  getVias,
  type SipMessage,
  type SipRequest,
  sipUri,
  validateRequest,
  validateResponse,
} from "./index.ts";
import { parseMessage } from "./parse.ts";
import { replyToUnparsable } from "./response.ts";
import { serializeMessage } from "./serialize.ts";
import { formatUri, parseUri } from "./uri.ts";

const RUNS = Number(process.env.SIP_FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.SIP_FUZZ_SEED ?? 4475);
const DIR = new URL("../../../../shared/testdata/rfc4475/", import.meta.url);
const CORPUS = readdirSync(DIR)
  .filter((f) => f.endsWith(".dat"))
  .sort()
  .map((f) => readFileSync(new URL(f, DIR)));

const UNLIMITED = {
  maxMessageBytes: 1e9,
  maxLineLength: 1e9,
  maxHeaderValueLength: 1e9,
  maxHeaderCount: 1e9,
};
const stats = { cases: 0, parsed: 0, parseErrors: 0, maxMs: 0, slowest: Buffer.alloc(0) as Buffer };

function expectParseErrorOnly(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
  }
}

/** Everything a receiving stack does with untrusted bytes: only ParseError may escape. */
function exercise(bytes: Buffer): void {
  const t0 = performance.now();
  stats.cases++;
  assert.doesNotThrow(() => replyToUnparsable(bytes, "x"));
  expectParseErrorOnly(() => new StreamFramer().push(bytes));
  let msg: SipMessage;
  try {
    msg = parseMessage(bytes);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    stats.parseErrors++;
    record(performance.now() - t0, bytes);
    return;
  }
  stats.parsed++;
  for (const get of [
    getVias,
    getCSeq,
    getCallId,
    getFrom,
    getTo,
    getMaxForwards,
    getExpires,
    getContacts,
    getRoutes,
    getRecordRoutes,
    getContentType,
    getAccept,
    (m: SipMessage) => getTokens(m, "Require"),
    (m: SipMessage) => getAuthValues(m, "Authorization"),
  ]) {
    expectParseErrorOnly(() => get(msg));
  }
  if (msg.kind === "request") {
    validateRequest(msg);
    validateRequest(msg, {
      role: "proxy",
      allowedMethods: ["INVITE"],
      acceptedContentTypes: ["application/sdp"],
    });
  } else validateResponse(msg);
  // Serialization is a fixed point after one round (the first may grow the message: invalid
  // UTF-8 in the head becomes U+FFFD, so the re-parse lifts the size limits).
  const once = serializeMessage(msg);
  const again = serializeMessage(parseMessage(once, { limits: UNLIMITED }));
  assert.deepEqual(again, once);
  record(performance.now() - t0, bytes);
}

/** Diagnostics only: durations vary with machine load, so nothing asserts on them. */
function record(ms: number, input: Buffer): void {
  if (ms > stats.maxMs) {
    stats.maxMs = ms;
    stats.slowest = input;
  }
}

type Mutation =
  | { op: "flip"; at: number; bit: number }
  | { op: "insert"; at: number; bytes: number[] }
  | { op: "delete"; at: number; len: number }
  | { op: "truncate"; at: number }
  | { op: "repeat"; at: number; len: number; times: number }
  | { op: "huge"; at: number; byte: number; len: number };

const INTERESTING = [
  0x00, 0x0d, 0x0a, 0x20, 0x09, 0x22, 0x5c, 0x3c, 0x3e, 0x2c, 0x3b, 0x3a, 0x3d, 0x25, 0x40, 0xff,
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.array(fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 8,
    }),
  }),
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    op: fc.constant("repeat" as const),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 60 }),
    times: fc.integer({ min: 2, max: 300 }),
  }),
  fc.record({
    op: fc.constant("huge" as const),
    at: fc.nat(),
    byte: fc.constantFrom(...INTERESTING, 0x61),
    len: fc.integer({ min: 1000, max: 70_000 }),
  }),
);

function mutate(base: Buffer, muts: Mutation[]): Buffer {
  let b = base;
  for (const m of muts) {
    const at = b.length ? m.at % (b.length + 1) : 0;
    switch (m.op) {
      case "flip": {
        if (b.length === 0) break;
        const c = Buffer.from(b);
        const i = at % b.length;
        c[i] = c[i]! ^ (1 << m.bit);
        b = c;
        break;
      }
      case "insert":
        b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
        break;
      case "delete":
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
        break;
      case "truncate":
        b = b.subarray(0, at);
        break;
      case "repeat": {
        const piece = b.subarray(at, at + m.len);
        b = Buffer.concat([b.subarray(0, at), ...Array<Buffer>(m.times).fill(piece), b.subarray(at)]);
        break;
      }
      case "huge":
        b = Buffer.concat([b.subarray(0, at), Buffer.alloc(m.len, m.byte), b.subarray(at)]);
        break;
    }
  }
  return b;
}

test("mutated corpus messages: no exception but ParseError, serialization fixed point", (t) => {
  fc.assert(
    fc.property(fc.nat(CORPUS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, muts) => {
      exercise(mutate(CORPUS[i]!, muts));
    }),
    { seed: SEED, numRuns: RUNS },
  );
  t.diagnostic(
    `cases ${stats.cases}, parsed ${stats.parsed}, ParseError ${stats.parseErrors}, ` +
      `slowest ${stats.maxMs.toFixed(1)} ms (${stats.slowest.length} bytes)`,
  );
  // SIP_FUZZ_DUMP=<file> keeps the slowest input for a closer look.
  if (process.env.SIP_FUZZ_DUMP) writeFileSync(process.env.SIP_FUZZ_DUMP, stats.slowest);
});

test("random bytes and random header soup never throw anything but ParseError", () => {
  const line = fc
    .array(fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: 0x21, max: 0x7e })), { maxLength: 80 })
    .map((a) => Buffer.from(a));
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 512 }).map((a) => Buffer.from(a)),
        fc
          .array(line, { maxLength: 12 })
          .map((lines) =>
            Buffer.concat([
              Buffer.from("INVITE sip:a@b SIP/2.0\r\n"),
              ...lines.flatMap((l) => [l, Buffer.from("\r\n")]),
              Buffer.from("\r\n"),
            ]),
          ),
      ),
      (bytes) => exercise(bytes),
    ),
    { seed: SEED + 1, numRuns: RUNS },
  );
});

const hostname = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\.[a-z]{2,6}){0,2}$/);
const octetString = fc.string({
  unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 20,
});
const pname = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);

test("URIs: parse(format(u)) equals u for generated SIP URIs", () => {
  fc.assert(
    fc.property(
      hostname,
      fc.option(octetString, { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      fc.dictionary(pname, fc.option(octetString, { nil: null }), { maxKeys: 4 }),
      fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z-]{0,8}$/), octetString), { maxLength: 2 }),
      (host, user, port, params, headers) => {
        const u = sipUri(host, {
          ...(user !== undefined ? { user } : {}),
          ...(port !== undefined ? { port } : {}),
          params,
        });
        u.headers = headers;
        assert.deepEqual(parseUri(formatUri(u)), u);
      },
    ),
    { seed: SEED + 2, numRuns: RUNS },
  );
});

const tokenArb = fc.stringMatching(/^[A-Za-z0-9!%*_+`'~.-]{1,12}$/);
const valueArb = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom('"', "\\", ",", ";", "<", ">", " ", "\t", "é", "漢"),
      fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    ),
    maxLength: 40,
  })
  .map((s) => s.replace(/^[ \t]+|[ \t]+$/g, ""));

test("messages: parse(serialize(m)) equals m for generated requests", () => {
  fc.assert(
    fc.property(
      tokenArb,
      hostname,
      fc.array(fc.tuple(fc.stringMatching(/^X-[A-Za-z0-9-]{1,10}$/), valueArb), { maxLength: 10 }),
      fc.uint8Array({ maxLength: 300 }),
      (method, host, headers, body) => {
        const m: SipRequest = {
          kind: "request",
          method,
          uri: sipUri(host),
          version: "SIP/2.0",
          headers: [],
          body: Buffer.from(body),
        };
        addHeader(m, "Via", "SIP/2.0/UDP h.example;branch=z9hG4bK1");
        for (const [n, v] of headers) addHeader(m, n, v);
        addHeader(m, "Content-Length", String(body.length));
        const back = parseMessage(serializeMessage(m));
        assert.deepEqual(back, m);
      },
    ),
    { seed: SEED + 3, numRuns: RUNS },
  );
});

const FRAMEABLE = CORPUS.flatMap((b) => {
  try {
    return [serializeMessage(parseMessage(b))];
  } catch {
    return [];
  }
});

test("stream framing: any chunking of a message stream yields the same messages", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(FRAMEABLE.length - 1), fc.constantFrom("", "\r\n", "\r\n\r\n")), {
        minLength: 1,
        maxLength: 6,
      }),
      fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 30 }),
      (picks, cuts) => {
        const msgs = picks.map(([i]) => FRAMEABLE[i]!);
        const stream = Buffer.concat(picks.flatMap(([i, ka]) => [Buffer.from(ka), FRAMEABLE[i]!]));
        const framer = new StreamFramer();
        const got: Buffer[] = [];
        let pos = 0;
        let pushes = 0;
        for (let k = 0; pos < stream.length; k++, pushes++) {
          const n = cuts[k % cuts.length]!;
          for (const e of framer.push(stream.subarray(pos, pos + n)))
            if (e.type === "message") got.push(e.bytes);
          pos += n;
        }
        assert.deepEqual(got, msgs);
        assert.equal(framer.buffered, 0);
        // Each push rescans at most the two bytes before where the last search stopped.
        assert.ok(framer.work.scanned <= stream.length + 3 * pushes, "linear scanning");
      },
    ),
    { seed: SEED + 4, numRuns: Math.max(100, RUNS / 4) },
  );
});

test("pathological inputs finish and fail cleanly (linear scanners)", () => {
  const n = 60_000;
  const heads = [
    `INVITE sip:a SIP/2.0\r\nTo: ${'"'.repeat(n)}\r\n\r\n`,
    `INVITE sip:a SIP/2.0\r\nTo: ${"<".repeat(n)}\r\n\r\n`,
    `INVITE sip:a SIP/2.0\r\nContact: ${"<sip:a>,".repeat(n / 8)}\r\n\r\n`,
    `INVITE sip:a SIP/2.0\r\nVia: SIP/2.0/UDP h${";a".repeat(n / 2)}\r\n\r\n`,
    `INVITE sip:a SIP/2.0\r\nFrom: ${"a ".repeat(n / 2)}\r\n\r\n`,
    `INVITE sip:a SIP/2.0\r\nX: a\r\n${" \r\n".repeat(n / 3)}\r\n`,
    `INVITE sip:${"a;".repeat(n / 2)} SIP/2.0\r\n\r\n`,
    `INVITE sip:${"%".repeat(n)}@h SIP/2.0\r\n\r\n`,
    `${"\r\n".repeat(n / 2)}INVITE sip:a SIP/2.0\r\n\r\n`,
    `INVITE sip:a SIP/2.0\r\n${"A:\r\n".repeat(n / 4)}\r\n`,
  ];
  for (const h of heads) exercise(Buffer.from(h));
  const limited = {
    limits: { maxHeaderValueLength: 1_000_000, maxLineLength: 1_000_000, maxMessageBytes: 1_000_000 },
  };
  for (const h of heads) expectParseErrorOnly(() => getContacts(parseMessage(Buffer.from(h), limited)));
});
