import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ConfigError,
  LimitExceededError,
  ParseError,
  PibxError,
  SipFailure,
  TransactionTimeoutError,
} from "./errors.ts";

test("errors carry their typed fields and class hierarchy", () => {
  const p = new ParseError("bad token", 12);
  assert.ok(p instanceof PibxError && p instanceof Error);
  assert.equal(p.offset, 12);
  assert.equal(p.name, "ParseError");
  const l = new LimitExceededError("maxHeaders", 100, 5000);
  assert.ok(l instanceof ParseError);
  assert.equal(l.max, 100);
  const s = new SipFailure(420, "Bad Extension", [["Unsupported", "foo"]]);
  assert.equal(s.status, 420);
  assert.equal(s.message, "420 Bad Extension");
  assert.equal(new TransactionTimeoutError("B", "t1").timer, "B");
  assert.match(new ConfigError("must be a port", "sip.port", 3, 7).message, /sip\.port \(3:7\)/);
});
