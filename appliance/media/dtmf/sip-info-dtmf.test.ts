import assert from "node:assert/strict";
import { test } from "node:test";
import { ParseError } from "../../base/index.ts";
import { buildDtmfRelay, parseInfoDtmf } from "./sip-info-dtmf.ts";

test("application/dtmf-relay with CRLF lines", () => {
  assert.deepEqual(parseInfoDtmf("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"), {
    digit: "5",
    durationMs: 160,
  });
});

test("dtmf-relay: case, spaces, LF only, * and # as 10/11", () => {
  assert.deepEqual(parseInfoDtmf("Application/DTMF-Relay; x=y", "signal = #\nduration= 250"), {
    digit: "#",
    durationMs: 250,
  });
  assert.equal(parseInfoDtmf("application/dtmf-relay", "Signal=10\r\n").digit, "*");
  assert.equal(parseInfoDtmf("application/dtmf-relay", "Signal=11").digit, "#");
});

test("application/dtmf carries just the digit", () => {
  assert.deepEqual(parseInfoDtmf("application/dtmf", "7\r\n"), { digit: "7" });
});

test("bad bodies are ParseErrors", () => {
  assert.throws(() => parseInfoDtmf("application/dtmf-relay", "Duration=160"), ParseError);
  assert.throws(() => parseInfoDtmf("application/dtmf-relay", "Signal=55"), ParseError);
  assert.throws(() => parseInfoDtmf("application/dtmf-relay", "garbage"), ParseError);
  assert.throws(() => parseInfoDtmf("text/plain", "5"), ParseError);
});

test("build then parse", () => {
  assert.deepEqual(parseInfoDtmf("application/dtmf-relay", buildDtmfRelay("a", 100)), {
    digit: "A",
    durationMs: 100,
  });
});
