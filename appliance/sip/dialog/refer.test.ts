import assert from "node:assert/strict";
import { test } from "node:test";
import { StateError } from "../../base/index.ts";
import { getCSeq, getHeader, parseUri, sipUri } from "../message/index.ts";
import type { ReferEvent, ReferProgressEvent } from "./invite-session-events.ts";
import type { ReferNotifier } from "./refer-notifier.ts";
import { established } from "./test-calls.ts";

test("REFER → 202, then NOTIFY 100 Trying (active) and 200 OK (terminated;reason=noresource) — RFC 3515", async () => {
  const { net, a, b } = established({ sessionTimer: false });
  let refer: ReferEvent | undefined;
  b.events.on("refer", (e) => {
    refer = e;
  });
  const progress: ReferProgressEvent[] = [];
  a.events.on("referProgress", (e) => progress.push(e));
  const replaces = { callId: "abc@192.0.2.3", toTag: "t1", fromTag: "f1", earlyOnly: false };
  const p = a.refer(sipUri("192.0.2.3", { user: "carol" }), {
    replaces,
    referredBy: { uri: parseUri("sip:alice@example.com"), params: new Map() },
  });
  net.deliverAll();
  const sent = net.requests("REFER")[0]!;
  // RFC 3891 §3: Replaces escaped inside the Refer-To URI.
  assert.equal(
    getHeader(sent, "Refer-To"),
    "<sip:carol@192.0.2.3?Replaces=abc%40192.0.2.3%3Bto-tag%3Dt1%3Bfrom-tag%3Df1>",
  );
  assert.equal(getHeader(sent, "Referred-By"), "<sip:alice@example.com>");
  assert.ok(refer, "the refer event fired");
  assert.deepEqual(refer.replaces, replaces, "the referee sees the Replaces");
  assert.equal(refer.target.type === "sip" && refer.target.headers.length, 0, "target without headers");
  const notifier: ReferNotifier = refer.accept();
  net.deliverAll();
  assert.equal((await p).status, 202);
  notifier.notify(200);
  net.deliverAll();
  const notifies = net.requests("NOTIFY");
  assert.equal(notifies.length, 2);
  const id = getCSeq(sent)!.seq;
  assert.equal(getHeader(notifies[0]!, "Event"), `refer;id=${id}`);
  assert.equal(getHeader(notifies[0]!, "Subscription-State"), "active;expires=60");
  assert.equal(getHeader(notifies[0]!, "Content-Type"), "message/sipfrag;version=2.0");
  assert.equal(notifies[0]!.body.toString(), "SIP/2.0 100 Trying\r\n");
  assert.equal(getHeader(notifies[1]!, "Subscription-State"), "terminated;reason=noresource");
  assert.equal(notifies[1]!.body.toString(), "SIP/2.0 200 OK\r\n");
  assert.deepEqual(
    progress.map((e) => [e.status, e.reason, e.final]),
    [
      [100, "Trying", false],
      [200, "OK", true],
    ],
  );
  assert.throws(() => notifier.notify(180), StateError, "no NOTIFY after the final one");
  assert.equal(net.responses(200).filter((r) => getCSeq(r)!.method === "NOTIFY").length, 2);
});

test("REFER without exactly one Refer-To is answered 400; unwanted REFER 603; NOTIFY without subscription 481", async () => {
  const { net, a, b } = established({ sessionTimer: false });
  const p = a.sendInDialog("REFER");
  net.deliverAll();
  assert.equal((await p).status, 400);
  const q = a.refer(sipUri("192.0.2.3", { user: "carol" }));
  net.deliverAll();
  assert.equal((await q).status, 603, "nobody listens for refer on bob's side");
  const n = b.sendInDialog("NOTIFY", {
    headers: [
      ["Event", "refer"],
      ["Subscription-State", "active"],
    ],
    body: { contentType: "message/sipfrag", body: Buffer.from("SIP/2.0 100 Trying\r\n") },
  });
  net.deliverAll();
  assert.equal((await n).status, 481);
  assert.equal(a.state, "confirmed", "a 481 to a NOTIFY it sent would end bob's dialog, not alice's");
});
