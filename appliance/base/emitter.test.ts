import assert from "node:assert/strict";
import { test } from "node:test";
import { TypedEmitter } from "./emitter.ts";

interface Events {
  data: Buffer;
  close: undefined;
  count: number;
}

test("emits to listeners in order; off and the returned unsubscribe work", () => {
  const e = new TypedEmitter<Events>();
  const seen: string[] = [];
  const off = e.on("count", (n) => seen.push(`a${n}`));
  e.on("count", (n) => seen.push(`b${n}`));
  e.emit("count", 1);
  off();
  off();
  e.emit("count", 2);
  assert.deepEqual(seen, ["a1", "b1", "b2"]);
  assert.equal(e.listenerCount("count"), 1);
});

test("once fires a single time", () => {
  const e = new TypedEmitter<Events>();
  let n = 0;
  e.once("close", () => n++);
  e.emit("close", undefined);
  e.emit("close", undefined);
  assert.equal(n, 1);
  assert.equal(e.listenerCount("close"), 0);
});

test("a throwing listener does not starve the others; error is rethrown or handled", () => {
  const e = new TypedEmitter<Events>();
  const seen: number[] = [];
  e.on("count", () => {
    throw new Error("boom");
  });
  e.on("count", (n) => seen.push(n));
  assert.throws(() => e.emit("count", 3), /boom/);
  assert.deepEqual(seen, [3]);
  const errors: unknown[] = [];
  e.onListenerError((err) => errors.push(err));
  e.emit("count", 4);
  assert.equal(errors.length, 1);
  assert.deepEqual(seen, [3, 4]);
});
