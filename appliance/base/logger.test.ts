import assert from "node:assert/strict";
import { test } from "node:test";
import { Logger, REDACTED } from "./logger.ts";

function capture(level: "debug" | "info" = "info", redact?: (k: string, v: unknown) => unknown) {
  const lines: string[] = [];
  const log = Logger.create({
    level,
    sink: (l) => lines.push(l),
    time: () => new Date(Date.UTC(2026, 0, 1)),
    ...(redact ? { redact } : {}),
  });
  return { log, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

test("writes one JSON line per record with time, level, msg and fields", () => {
  const { log, records, lines } = capture();
  log.info("hello", { callId: "abc", n: 1 });
  assert.equal(lines.length, 1);
  assert.ok(!lines[0]!.includes("\n"));
  assert.deepEqual(records()[0], {
    time: "2026-01-01T00:00:00.000Z",
    level: "info",
    msg: "hello",
    callId: "abc",
    n: 1,
  });
});

test("filters by level", () => {
  const { log, records } = capture("info");
  log.debug("hidden");
  log.warn("shown");
  assert.deepEqual(
    records().map((r) => r.msg),
    ["shown"],
  );
  assert.equal(Logger.silent().isEnabled("error"), false);
});

test("child loggers carry and override fields", () => {
  const { log, records } = capture();
  const child = log.child({ component: "sip", leg: 1 }).child({ leg: 2 });
  child.error("x", { extra: true });
  const r = records()[0]!;
  assert.equal(r.component, "sip");
  assert.equal(r.leg, 2);
  assert.equal(r.extra, true);
});

test("secrets are redacted at any depth, with or without a custom hook", () => {
  const { log, lines } = capture("info", (k, v) => (k === "sipUser" ? "u***" : v));
  log.child({ password: "hunter2" }).info("auth", {
    sipUser: "alice",
    trunk: { secret: "s3cr3t", host: "x" },
    headers: [{ authorization: "Digest response=abc" }],
    voicemailPin: "1234",
    pin: "4321",
  });
  const line = lines[0]!;
  for (const s of ["hunter2", "s3cr3t", "Digest response", "alice", "4321", "1234"])
    assert.ok(!line.includes(s), s);
  assert.ok(line.includes(REDACTED));
  assert.ok(line.includes('"host":"x"'));
});

test("errors, buffers and bigints are serialisable; reserved keys are not overwritten", () => {
  const { log, records } = capture();
  log.info("m", { err: new TypeError("bad"), buf: Buffer.alloc(3), big: 10n, level: "fake" });
  const r = records()[0]!;
  assert.deepEqual(r.err, { name: "TypeError", message: "bad" });
  assert.equal(r.buf, "<3 bytes>");
  assert.equal(r.big, "10");
  assert.equal(r.level, "info");
});
