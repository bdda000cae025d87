import assert from "node:assert/strict";
import { test } from "node:test";
import { buildCheckSyncNotify, checkSyncEvent, diffProvisioning, serializeCheckSync } from "./check-sync.ts";
import { sampleDevice } from "./testing/sample-device.ts";

test("only devices whose files change are affected", () => {
  const a = sampleDevice("cisco-mpp", { id: "a" });
  const b = sampleDevice("yealink", { id: "b", mac: "001565aabb01" });
  const soft = sampleDevice("linphone", { id: "s", mac: undefined });
  const b2 = { ...b, stationName: "Lobby", lines: [{ ...b.lines[0]!, displayName: "Lobby" }] };
  const soft2 = { ...soft, lines: [{ ...soft.lines[0]!, displayName: "New" }] };
  const c = sampleDevice("snom", { id: "c", mac: "000413aabbcc" });
  const diff = diffProvisioning([a, b, soft], [a, b2, soft2, c]);
  assert.deepEqual(
    diff.changed.map((d) => d.id),
    ["b"],
  );
  assert.deepEqual(
    diff.added.map((d) => d.id),
    ["c"],
  );
  assert.deepEqual(diff.removed, []);
});

test("the Event header per firmware", () => {
  assert.equal(checkSyncEvent("cisco-mpp"), "check-sync;reboot=false");
  assert.equal(checkSyncEvent("yealink"), "check-sync;reboot=false");
  assert.equal(checkSyncEvent("polycom"), "check-sync;reboot=false");
  assert.equal(checkSyncEvent("snom"), "check-sync;reboot=false");
  assert.equal(checkSyncEvent("grandstream"), "check-sync");
  assert.equal(checkSyncEvent("linphone"), undefined);
});

test("the NOTIFY is addressed to the registered contact with Event and Subscription-State", () => {
  const r = buildCheckSyncNotify(sampleDevice("cisco-mpp"), {
    contact: "sip:100@172.16.0.50:5060",
    localHostPort: "172.16.0.10:5060",
    transport: "UDP",
    branch: "z9hG4bKabc",
    fromTag: "t1",
    callId: "c1",
    cseq: 1,
  })!;
  const text = serializeCheckSync(r);
  assert.ok(text.startsWith("NOTIFY sip:100@172.16.0.50:5060 SIP/2.0\r\n"));
  assert.match(text, /\r\nEvent: check-sync;reboot=false\r\n/);
  assert.match(text, /\r\nTo: <sip:100@pbx\.home\.arpa>\r\n/);
  assert.match(text, /\r\nSubscription-State: terminated\r\n/);
  assert.ok(text.endsWith("Content-Length: 0\r\n\r\n"));
});
