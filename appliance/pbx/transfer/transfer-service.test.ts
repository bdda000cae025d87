import assert from "node:assert/strict";
import { test } from "node:test";
import type { ReferProgressEvent } from "../../sip/dialog/index.ts";
import { parseUri } from "../../sip/message/index.ts";
import { ExtensionRouter } from "../calls/extension-router.ts";
import { sdpOf } from "../calls/sdp-bridge.ts";
import { phoneSdp, world } from "../calls/testing.ts";
import { type TransferOutcome, TransferService } from "./transfer-service.ts";

function setup() {
  const w = world();
  const router = new ExtensionRouter([{ number: "1001" }, { number: "1002" }, { number: "1003" }]);
  const transfers = new TransferService({
    b2bua: w.b2bua,
    dialogs: w.pbx.dialogs,
    router,
    contacts: { contacts: (u) => w.contacts.get(u) ?? [] },
    clock: w.clock,
  });
  const outcomes: TransferOutcome[] = [];
  transfers.onOutcome = (o) => outcomes.push(o);
  const alice = w.phone("1001", "192.0.2.1");
  const bob = w.phone("1002", "192.0.2.2");
  const carol = w.phone("1003", "192.0.2.3");
  return { w, transfers, outcomes, alice, bob, carol };
}

test("blind transfer: B refers A to C; NOTIFY 100/180/200; A and C bridged; B's leg ends", async () => {
  const { w, outcomes, alice, bob, carol } = setup();
  const a = w.dial(alice, "1002");
  await w.settle();
  const b = bob.incoming[0]!;
  b.answer(phoneSdp("192.0.2.2", 6000));
  await w.settle();
  const progress: ReferProgressEvent[] = [];
  b.events.on("referProgress", (p) => progress.push(p));
  const refer = b.refer(parseUri("sip:1003@pbx.test"));
  await w.settle();
  assert.equal((await refer).status, 202);
  const c = carol.incoming[0]!;
  assert.ok(c, "the PBX calls the transfer target");
  assert.equal(sdpOf(c.remoteBody)!.media[0]!.port, 20002, "on the transferor's media leg");
  c.progress(180);
  await w.settle();
  c.answer(phoneSdp("192.0.2.3", 8000));
  await w.settle();
  assert.deepEqual(
    progress.map((p) => p.status),
    [100, 180, 200],
  );
  assert.equal(progress.at(-1)?.final, true);
  const m = w.media.sessions[0]!;
  assert.deepEqual([m.remotes.b?.address, m.remotes.b?.port], ["192.0.2.3", 8000]);
  assert.equal(a.state, "confirmed", "the transferee never noticed");
  assert.equal(b.terminated, false);
  w.clock.advance(5_000); // RFC 5589 §6.1: the transferor did not hang up, the PBX does
  await w.settle();
  assert.equal(b.terminated, true);
  assert.equal(a.state, "confirmed", "the transferor's BYE does not end the bridged call");
  assert.deepEqual(outcomes, [{ kind: "blind", ok: true, status: 200 }]);
  c.close();
  await w.settle();
  assert.equal(a.terminated, true);
  assert.equal(w.cdr.records[0]?.answeredBy, "1003");
});

test("blind transfer to a busy target: NOTIFY 486, the transferor keeps its call", async () => {
  const { w, outcomes, alice, bob, carol } = setup();
  const a = w.dial(alice, "1002");
  await w.settle();
  const b = bob.incoming[0]!;
  b.answer(phoneSdp("192.0.2.2", 6000));
  await w.settle();
  const progress: number[] = [];
  b.events.on("referProgress", (p) => progress.push(p.status));
  b.refer(parseUri("sip:1003@pbx.test"));
  await w.settle();
  carol.incoming[0]!.reject(486);
  await w.settle();
  assert.deepEqual(progress, [100, 486]);
  assert.deepEqual(outcomes, [{ kind: "blind", ok: false, status: 486 }]);
  assert.equal(a.state, "confirmed");
  assert.equal(b.state, "confirmed");
  b.close();
  await w.settle();
  assert.equal(a.terminated, true, "the call is still bridged to the transferor");
});

test("attended transfer: REFER with Replaces joins A and C, both of B's legs end", async () => {
  const { w, outcomes, alice, bob, carol } = setup();
  const a = w.dial(alice, "1002");
  await w.settle();
  const b1 = bob.incoming[0]!;
  b1.answer(phoneSdp("192.0.2.2", 6000));
  await w.settle();
  // B consults C through the PBX.
  const b2 = w.dial(bob, "1003", phoneSdp("192.0.2.2", 6002));
  await w.settle();
  const c = carol.incoming[0]!;
  c.answer(phoneSdp("192.0.2.3", 8000));
  await w.settle();
  assert.equal(b2.state, "confirmed");
  const reoffers: string[] = [];
  c.events.on("reinvite", (e) => {
    reoffers.push(e.offer?.body.toString() ?? "");
    e.accept(phoneSdp("192.0.2.3", 8000));
  });
  const d = b2.dialog!;
  const progress: number[] = [];
  b1.events.on("referProgress", (p) => progress.push(p.status));
  const refer = b1.refer(parseUri("sip:1003@pbx.test"), {
    // RFC 3891 §3: the consultation dialog as the PBX sees it (to-tag = the PBX's tag).
    replaces: { callId: d.id.callId, toTag: d.id.remoteTag, fromTag: d.id.localTag, earlyOnly: false },
  });
  await w.settle();
  assert.equal((await refer).status, 202);
  assert.equal(reoffers.length, 1, "C is re-INVITEd onto the first call's relay leg");
  assert.match(reoffers[0]!, /m=audio 20002 /);
  assert.deepEqual(progress, [100, 200]);
  assert.equal(b2.terminated, true, "the consultation leg got BYE");
  const m1 = w.media.sessions[0]!;
  assert.deepEqual([m1.remotes.b?.address, m1.remotes.b?.port], ["192.0.2.3", 8000]);
  assert.equal(w.media.sessions[1]!.closed, true);
  assert.equal(a.state, "confirmed");
  assert.equal(c.state, "confirmed");
  b1.close();
  await w.settle();
  assert.equal(a.state, "confirmed", "B hanging up no longer matters");
  assert.deepEqual(outcomes, [{ kind: "attended", ok: true, status: 200 }]);
  c.close();
  await w.settle();
  assert.equal(a.terminated, true);
});

test("REFER with a Replaces naming no dialog is refused 481", async () => {
  const { w, alice, bob } = setup();
  w.dial(alice, "1002");
  await w.settle();
  const b1 = bob.incoming[0]!;
  b1.answer(phoneSdp("192.0.2.2", 6000));
  await w.settle();
  const refer = b1.refer(parseUri("sip:1003@pbx.test"), {
    replaces: { callId: "nope", toTag: "x", fromTag: "y", earlyOnly: false },
  });
  await w.settle();
  assert.equal((await refer).status, 481);
});
