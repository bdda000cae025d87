// After a change to lab.yaml: which phones must re-fetch, and the NOTIFY each is sent, parsed
// back by the appliance's own SIP parser.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  buildCheckSyncNotify,
  diffProvisioning,
  serializeCheckSync,
} from "../../appliance/provisioning/index.ts";
import { getHeader, parseMessage } from "../../appliance/sip/message/index.ts";
import { allVendorsLab, planFor } from "./fixture.ts";

test("renaming extension 103 touches exactly the phones that carry it", () => {
  const before = allVendorsLab();
  const after = {
    ...before,
    extensions: before.extensions.map((e) => (e.number === "103" ? { ...e, name: "Reception" } : e)),
  };
  const diff = diffProvisioning(
    planFor(before).config.devices.map((d) => d.device),
    planFor(after).config.devices.map((d) => d.device),
  );
  assert.deepEqual(
    diff.changed.map((d) => d.id),
    ["lobby-t46u", "lobby-gxp", "lobby-vvx", "lobby-snom", "lobby-7960"],
  );
  assert.deepEqual(diff.added, []);
  assert.deepEqual(diff.removed, []);

  const events = diff.changed.map((d) => {
    const req = buildCheckSyncNotify(d, {
      contact: "sip:103@172.16.0.60:5060",
      localHostPort: "172.16.0.10:5060",
      transport: "UDP",
      branch: `z9hG4bK-${d.id}`,
      fromTag: "f1",
      callId: `cs-${d.id}`,
      cseq: 1,
    })!;
    const msg = parseMessage(Buffer.from(serializeCheckSync(req)));
    assert.equal(msg.kind, "request");
    if (msg.kind === "request") assert.equal(msg.method, "NOTIFY");
    assert.equal(getHeader(msg, "Subscription-State"), "terminated");
    return getHeader(msg, "Event");
  });
  assert.deepEqual(events, [
    "check-sync;reboot=false",
    "check-sync",
    "check-sync;reboot=false",
    "check-sync;reboot=false",
    "check-sync",
  ]);
});
