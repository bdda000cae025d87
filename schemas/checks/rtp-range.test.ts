import assert from "node:assert/strict";
import { test } from "node:test";
import { labForTests } from "./lab-for-tests.ts";
import { checkRtpRange } from "./rtp-range.ts";

test("the default range is fine for the default trunk", () => {
  assert.deepEqual(checkRtpRange(labForTests()), []);
});

test("a reversed range is an error", () => {
  const lab = labForTests();
  lab.appliance.rtp = { min: 20000, max: 10000 };
  assert.deepEqual(checkRtpRange(lab), [
    { path: ["appliance", "rtp", "max"], message: "must not be below rtp.min (20000)", severity: "error" },
  ]);
});

test("the range must hold 4 ports per concurrent trunk call", () => {
  const lab = labForTests();
  lab.appliance.rtp = { min: 10000, max: 10007 };
  lab.trunks[0]!.maxCalls = 2;
  assert.deepEqual(checkRtpRange(lab), []);
  lab.trunks[0]!.maxCalls = 3;
  assert.deepEqual(
    checkRtpRange(lab).map((f) => f.message),
    ["the RTP range 10000–10007 has 8 ports: too few for 3 concurrent trunk calls (4 ports each: 12 needed)"],
  );
});

test("explicit forwards must cover the range over UDP", () => {
  const lab = labForTests();
  lab.network.portForwards = [
    { protocol: "udp", port: 10000, endPort: 10499 },
    { protocol: "tcp", port: 10500, endPort: 10999 },
  ];
  assert.deepEqual(
    checkRtpRange(lab).map((f) => f.message),
    ["the RTP range 10000–10999 is not fully forwarded: UDP 10500–10999 missing"],
  );
  lab.network.portForwards.push({ protocol: "udp", port: 10500, endPort: 11000 });
  assert.deepEqual(checkRtpRange(lab), []);
});
