import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { LimitExceededError, ParseError } from "../../base/index.ts";
import { type FramerEvent, StreamFramer } from "./framer.ts";
import { parseMessage } from "./parse.ts";

const A = Buffer.from("OPTIONS sip:a SIP/2.0\r\nCall-ID: 1\r\nContent-Length: 5\r\n\r\nhello");
const B = Buffer.from("SIP/2.0 200 OK\r\nl: 0\r\nCall-ID: 2\r\n\r\n");
const C = Buffer.from("MESSAGE sip:b SIP/2.0\r\nCall-ID: 3\r\n\r\n"); // no Content-Length: empty body
const WSINV = readFileSync(new URL("../../../../shared/testdata/rfc4475/wsinv.dat", import.meta.url));
const STREAM = Buffer.concat([
  Buffer.from("\r\n\r\n"),
  A,
  Buffer.from("\r\n"),
  B,
  C,
  WSINV,
  Buffer.from("\r\n\r\n"),
]);

function summary(events: FramerEvent[]): string[] {
  return events.map((e) => (e.type === "message" ? `msg:${e.bytes.length}` : e.type));
}

test("frames messages by Content-Length and reports pings and pongs", () => {
  const f = new StreamFramer();
  const ev = f.push(STREAM);
  assert.deepEqual(summary(ev), [
    "ping",
    `msg:${A.length}`,
    "pong",
    `msg:${B.length}`,
    `msg:${C.length}`,
    `msg:${WSINV.length}`,
    "ping",
  ]);
  assert.equal(f.buffered, 0);
  const msgs = ev.filter((e) => e.type === "message");
  assert.equal(parseMessage(msgs[0]!.bytes, { framing: "stream" }).body.toString(), "hello");
});

test("the same events whatever the split: every byte boundary, and byte by byte", () => {
  const whole = summary(new StreamFramer().push(STREAM));
  for (let cut = 0; cut <= STREAM.length; cut++) {
    const f = new StreamFramer();
    const ev = [...f.push(STREAM.subarray(0, cut)), ...f.push(STREAM.subarray(cut))];
    assert.deepEqual(summary(ev), whole, `cut at ${cut}`);
  }
  const f = new StreamFramer();
  const ev: FramerEvent[] = [];
  for (const b of STREAM) ev.push(...f.push(Buffer.from([b])));
  assert.deepEqual(summary(ev), whole);
});

test("byte-by-byte delivery of a maximal message costs linear work", () => {
  const body = Buffer.alloc(60_000, 0x61);
  const msg = Buffer.concat([
    Buffer.from(`MESSAGE sip:a SIP/2.0\r\nContent-Length: ${body.length}\r\n\r\n`),
    body,
  ]);
  const f = new StreamFramer();
  let n = 0;
  for (const b of msg) n += f.push(Buffer.from([b])).length;
  assert.equal(n, 1);
  assert.ok(f.work.scanned <= 3 * msg.length, `scanned ${f.work.scanned}`);
  assert.ok(f.work.copied <= 3 * msg.length, `copied ${f.work.copied}`);
});

test("stray CRs between messages are skipped", () => {
  const ev = new StreamFramer().push(Buffer.concat([Buffer.from("\r\r"), B]));
  assert.deepEqual(summary(ev), [`msg:${B.length}`]);
});

test("limits: endless head, oversized Content-Length, duplicate or bad Content-Length", () => {
  const endless = new StreamFramer({ maxMessageBytes: 1000 });
  assert.throws(() => {
    for (let i = 0; i < 100; i++) endless.push(Buffer.from("X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"));
  }, LimitExceededError);
  assert.throws(() => endless.push(Buffer.from("more")), LimitExceededError, "stays failed");
  const noLf = new StreamFramer({ maxMessageBytes: 1000 });
  assert.throws(() => noLf.push(Buffer.alloc(2000, 0x41)), LimitExceededError);
  assert.throws(
    () => new StreamFramer({ maxMessageBytes: 1000 }).push(Buffer.from("A sip:a SIP/2.0\r\nl: 5000\r\n\r\n")),
    LimitExceededError,
  );
  assert.throws(
    () => new StreamFramer().push(Buffer.from("A sip:a SIP/2.0\r\nl: 1\r\nl: 2\r\n\r\n")),
    ParseError,
  );
  assert.throws(() => new StreamFramer().push(Buffer.from("A sip:a SIP/2.0\r\nl: -1\r\n\r\n")), ParseError);
});
