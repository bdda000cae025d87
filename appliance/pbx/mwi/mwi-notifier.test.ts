import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../base/index.ts";
import { parseMessageSummary } from "./message-summary.ts";
import { MwiNotifier, type MwiNotify } from "./mwi-notifier.ts";

const header = (n: MwiNotify, name: string) => n.headers.find(([k]) => k === name)?.[1];

test("no subscription: one unsolicited NOTIFY to the box owner's AOR; unchanged counts send nothing", () => {
  const mwi = new MwiNotifier({ clock: new ManualClock(), domain: "pbx.home.arpa" });
  const [n, ...rest] = mwi.countsChanged("100", { new: 2, saved: 8 });
  assert.equal(rest.length, 0);
  assert.equal(n!.aor, "sip:100@pbx.home.arpa");
  assert.equal(n!.dialogId, undefined);
  assert.equal(header(n!, "Event"), "message-summary");
  assert.equal(header(n!, "Subscription-State"), "active");
  assert.equal(n!.contentType, "application/simple-message-summary");
  assert.deepEqual(parseMessageSummary(n!.body), {
    waiting: true,
    account: "sip:100@pbx.home.arpa",
    counts: { "voice-message": { new: 2, old: 8 } },
  });
  assert.deepEqual(mwi.countsChanged("100", { new: 2, saved: 8 }), []);
  assert.equal(mwi.countsChanged("100", { new: 0, saved: 10 }).length, 1);
});

test("unsolicited NOTIFYs can be turned off per box", () => {
  const mwi = new MwiNotifier({ clock: new ManualClock(), domain: "d", unsolicited: (b) => b !== "101" });
  assert.deepEqual(mwi.countsChanged("101", { new: 1, saved: 0 }), []);
  assert.equal(mwi.countsChanged("100", { new: 1, saved: 0 }).length, 1);
});

test("SUBSCRIBE: immediate NOTIFY with remaining expiry, in-dialog NOTIFYs on change, expiry", () => {
  const clock = new ManualClock();
  const expired: MwiNotify[] = [];
  const mwi = new MwiNotifier({ clock, domain: "pbx.home.arpa", onExpired: (n) => expired.push(n) });
  mwi.countsChanged("100", { new: 1, saved: 0 });
  const first = mwi.subscribe("dlg-1", "100", 3600);
  assert.equal(first.dialogId, "dlg-1");
  assert.equal(header(first, "Subscription-State"), "active;expires=3600");
  assert.match(first.body, /Voice-Message: 1\/0/);
  clock.advance(600_000);
  const changed = mwi.countsChanged("100", { new: 2, saved: 0 });
  assert.equal(changed.length, 1, "in-dialog only, no unsolicited duplicate");
  assert.equal(changed[0]!.dialogId, "dlg-1");
  assert.equal(header(changed[0]!, "Subscription-State"), "active;expires=3000");
  clock.advance(3_000_000);
  assert.equal(expired.length, 1);
  assert.equal(header(expired[0]!, "Subscription-State"), "terminated;reason=timeout");
  assert.equal(mwi.subscriptions, 0);
  // After expiry the phone falls back to unsolicited NOTIFYs.
  assert.equal(mwi.countsChanged("100", { new: 3, saved: 0 })[0]!.dialogId, undefined);
});

test("refresh, two phones, unsubscribe with Expires: 0", () => {
  const clock = new ManualClock();
  const mwi = new MwiNotifier({ clock, domain: "d" });
  mwi.subscribe("a", "100", 60);
  mwi.subscribe("b", "100", 120);
  clock.advance(50_000);
  assert.equal(header(mwi.subscribe("a", "100", 60), "Subscription-State"), "active;expires=60");
  clock.advance(50_000);
  assert.equal(mwi.subscriptions, 2, "the refresh moved a's expiry");
  assert.deepEqual(
    mwi.countsChanged("100", { new: 1, saved: 0 }).map((n) => n.dialogId),
    ["a", "b"],
  );
  const bye = mwi.subscribe("a", "100", 0);
  assert.match(header(bye, "Subscription-State")!, /^terminated/);
  assert.equal(mwi.subscriptions, 1);
  mwi.close();
  assert.equal(clock.pending, 0);
});
