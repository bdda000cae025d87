import assert from "node:assert/strict";
import { test } from "node:test";
import { getHeader, parseNameAddr, parseUri, sipUri } from "../message/index.ts";
import type { InviteSession } from "./invite-session.ts";
import { formatReferTo, formatReplaces, parseReplaces, replacesInUri } from "./replaces.ts";
import { established } from "./test-calls.ts";
import { createStack } from "./testing.ts";

test("Replaces parses and formats (RFC 3891 §6.1)", () => {
  const r = parseReplaces("98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff;early-only");
  assert.deepEqual(r, {
    callId: "98732@sip.example.com",
    toTag: "ff87ff",
    fromTag: "r33th4x0r",
    earlyOnly: true,
  });
  assert.equal(formatReplaces(r), "98732@sip.example.com;to-tag=ff87ff;from-tag=r33th4x0r;early-only");
  assert.throws(() => parseReplaces("98732@sip.example.com;to-tag=x"), /from-tag/);
});

test("a Refer-To with Replaces round-trips through escaping (RFC 3891 §3)", () => {
  const r = { callId: "12345@192.168.118.3", toTag: "12345", fromTag: "5FFE-3994", earlyOnly: false };
  const text = formatReferTo(parseUri("sip:bob@example.com"), r);
  assert.equal(
    text,
    "<sip:bob@example.com?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>",
  );
  assert.deepEqual(replacesInUri(parseNameAddr(text).uri), r);
});

test("an INVITE with Replaces finds the dialog; mismatches get 481, early-only on a confirmed dialog 486", () => {
  const { net, clock, b, bob } = established({ sessionTimer: false });
  const carol = createStack(net, clock, {
    address: "192.0.2.3",
    user: "carol",
    seed: 3,
    sessionTimer: false,
  });
  const id = b.dialog!.id;
  // From bob's view: to-tag is bob's own tag, from-tag alice's.
  const exact = { callId: id.callId, toTag: id.localTag, fromTag: id.remoteTag, earlyOnly: false };
  const m = bob.dialogs.findReplaced(exact);
  assert.equal(m.ok && m.session, b);
  assert.deepEqual(bob.dialogs.findReplaced({ ...exact, toTag: id.remoteTag, fromTag: id.localTag }), {
    ok: false,
    status: 481,
  });
  assert.deepEqual(bob.dialogs.findReplaced({ ...exact, earlyOnly: true }), { ok: false, status: 486 });

  const seen: Array<{ session: InviteSession; replaced: boolean }> = [];
  bob.dialogs.events.on("invite", (s) => {
    const match = bob.dialogs.replacedBy(s.request);
    seen.push({ session: s, replaced: match?.ok === true && match.session === b });
  });
  const dial = (replaces: typeof exact) =>
    carol.dialogs.invite({
      to: sipUri("192.0.2.2", { user: "bob" }),
      from: parseUri("sip:carol@example.com"),
      headers: [["Replaces", formatReplaces(replaces)]],
    });
  const ok = dial(exact);
  const early = dial({ ...exact, earlyOnly: true });
  const wrong = dial({ ...exact, callId: "other" });
  net.deliverAll();
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.replaced, true, "the PBX learns which session is replaced");
  assert.equal(ok.state, "proceeding");
  assert.deepEqual(early.termination, { cause: "rejected", by: "remote", status: 486 });
  assert.deepEqual(wrong.termination, { cause: "rejected", by: "remote", status: 481 });
  assert.equal(getHeader(net.requests("INVITE")[1]!, "Replaces"), formatReplaces(exact));
  b.close();
  net.deliverAll();
  assert.deepEqual(bob.dialogs.findReplaced(exact), { ok: false, status: 603 }, "a dialog that has ended");
  clock.advance(32_000);
  assert.deepEqual(bob.dialogs.findReplaced(exact), { ok: false, status: 481 }, "...and is long forgotten");
});
