import assert from "node:assert/strict";
import { test } from "node:test";
import { SeededRandom } from "../../base/index.ts";
import { glareRetryDelay, overlapRetryAfter } from "./glare.ts";
import { parseSipfragStatus, sipfragBody } from "./sipfrag.ts";

test("§14.1 glare delays stay in their windows, in 10 ms units, and cover them (fixed seed)", () => {
  const random = new SeededRandom(42);
  const owner = new Set<number>();
  const other = new Set<number>();
  for (let i = 0; i < 5000; i++) {
    const a = glareRetryDelay(true, random);
    const b = glareRetryDelay(false, random);
    assert.ok(a >= 2100 && a <= 4000 && a % 10 === 0, `owner ${a}`);
    assert.ok(b >= 0 && b <= 2000 && b % 10 === 0, `other ${b}`);
    owner.add(a);
    other.add(b);
  }
  assert.ok(owner.has(2100) && owner.has(4000), "both ends of 2.1-4 s are reachable");
  assert.ok(other.has(0) && other.has(2000), "both ends of 0-2 s are reachable");
  for (let i = 0; i < 500; i++) {
    const r = overlapRetryAfter(random);
    assert.ok(Number.isInteger(r) && r >= 0 && r <= 10);
  }
});

test("sipfrag bodies: status line out, status line in", () => {
  const b = sipfragBody(180);
  assert.equal(b.contentType, "message/sipfrag;version=2.0");
  assert.equal(b.body.toString(), "SIP/2.0 180 Ringing\r\n");
  assert.deepEqual(parseSipfragStatus(Buffer.from("SIP/2.0 603 Declined\r\nContent-Length: 0\r\n")), {
    status: 603,
    reason: "Declined",
  });
  assert.throws(() => parseSipfragStatus(Buffer.from("INVITE sip:x SIP/2.0\r\n")), /status line/);
});
