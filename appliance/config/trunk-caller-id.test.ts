import assert from "node:assert/strict";
import { test } from "node:test";
import { parseApplianceConfig } from "../../schemas/appliance-config/index.ts";
import { trunkSettingsOf } from "./call-settings.ts";

function trunkWith(outbound: unknown) {
  const r = parseApplianceConfig(
    JSON.stringify({
      version: 1,
      site: { name: "t", domain: "pbx.test" },
      sip: {},
      extensions: [],
      trunks: [
        { name: "provider", host: "203.0.113.10", username: "15550123", password: "secret", outbound },
      ],
    }),
  );
  assert.ok(r.ok, r.ok ? "" : JSON.stringify(r.problems));
  return trunkSettingsOf(r.config.trunks[0]!);
}

test("the trunk's outbound caller ID comes from trunks[].outbound (header defaults to From)", () => {
  assert.deepEqual(trunkWith({ patterns: [] }).outboundCallerId, { header: "from" });
  assert.deepEqual(
    trunkWith({ patterns: [], callerId: { number: "15550100", name: "Lab" }, callerIdHeader: "pai" })
      .outboundCallerId,
    { header: "pai", number: "15550100", name: "Lab" },
  );
});
