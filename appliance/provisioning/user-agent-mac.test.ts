import assert from "node:assert/strict";
import { test } from "node:test";
import { macFromUserAgent } from "./user-agent-mac.ts";

test("the MAC phones put in their User-Agent", () => {
  assert.equal(macFromUserAgent("Cisco-CP-7821-3PCC/11.3.7 (001B54AABBCC)"), "001b54aabbcc");
  assert.equal(macFromUserAgent("Yealink SIP-T46U 108.86.0.20 00:15:65:aa:bb:01"), "001565aabb01");
  assert.equal(
    macFromUserAgent("Grandstream Model HW GXP2170 SW 1.0.11.3 DevId 000b82aabb02"),
    "000b82aabb02",
  );
  assert.equal(macFromUserAgent("FileTransport PolycomVVX-VVX_411-UA/6.4.3.5018"), undefined);
  assert.equal(macFromUserAgent(undefined), undefined);
});
