import assert from "node:assert/strict";
import { test } from "node:test";
import { ParseError } from "../../base/index.ts";
import { decodeTelephoneEvent, dtmfDigit, dtmfEventCode, encodeTelephoneEvent } from "./telephone-event.ts";

test("golden bytes: digit 5, end, volume 10, duration 800", () => {
  const bytes = encodeTelephoneEvent({ event: 5, end: true, volume: 10, duration: 800 });
  assert.deepEqual([...bytes], [0x05, 0x8a, 0x03, 0x20]);
  assert.deepEqual(decodeTelephoneEvent(bytes), { event: 5, end: true, volume: 10, duration: 800 });
});

test("the reserved R bit is ignored on decode and never sent", () => {
  const ev = decodeTelephoneEvent(Uint8Array.of(11, 0x40 | 0x3f, 0xff, 0xff));
  assert.deepEqual(ev, { event: 11, end: false, volume: 63, duration: 0xffff });
  assert.equal(encodeTelephoneEvent(ev)[1]! & 0x40, 0);
});

test("short payloads are a ParseError; out-of-range values a RangeError", () => {
  assert.throws(() => decodeTelephoneEvent(Uint8Array.of(1, 2, 3)), ParseError);
  assert.throws(() => encodeTelephoneEvent({ event: 1, end: false, volume: 0, duration: 70000 }), RangeError);
});

test("event codes of RFC 4733 §3.2", () => {
  assert.equal(dtmfEventCode("*"), 10);
  assert.equal(dtmfEventCode("#"), 11);
  assert.equal(dtmfEventCode("d"), 15);
  assert.equal(dtmfEventCode("x"), undefined);
  assert.equal(dtmfDigit(0), "0");
  assert.equal(dtmfDigit(16), undefined);
  for (let e = 0; e < 16; e++) assert.equal(dtmfEventCode(dtmfDigit(e)!), e);
});

test("round trip of every byte pattern's decodable fields (fixed-seed sweep)", () => {
  let x = 12345;
  for (let i = 0; i < 2000; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const buf = Uint8Array.of(x & 0xff, (x >>> 8) & 0xbf, (x >>> 16) & 0xff, (x >>> 24) & 0xff);
    assert.deepEqual(encodeTelephoneEvent(decodeTelephoneEvent(buf)), buf);
  }
});
