// Random interleavings of calls, answers, re-INVITEs, UPDATEs, INFOs, hang-ups, clock jumps and
// lost messages (fixed seeds): whatever happens, only StateError may be thrown by an operation
// the state forbids, no listener or internal error is logged, and once both ends close and
// every timer has run, both sessions are terminated and every dialog and transaction is gone.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Logger, SeededRandom, StateError } from "../../base/index.ts";
import type { Body } from "./body.ts";
import type { InviteSession } from "./invite-session.ts";
import { pair } from "./test-calls.ts";

const OFFER: Body = { contentType: "application/sdp", body: Buffer.from("v=0\r\n") };

function run(seed: number): void {
  const rnd = new SeededRandom(seed);
  const pick = (n: number) => rnd.nextU32() % n;
  const errors: string[] = [];
  const logger = Logger.create({ level: "error", sink: (line) => errors.push(line) });
  const { net, clock, call, incoming, alice, bob } = pair({ logger }, { logger });
  const a = call();
  const listen = (s: InviteSession) => {
    s.events.on("reinvite", (e) => (pick(3) === 0 ? e.reject(488) : e.accept(OFFER)));
    s.events.on("update", (e) => e.accept(OFFER));
  };
  listen(a);
  let b: InviteSession | undefined;
  net.drop = () => pick(5) === 0;
  const attempt = (f: () => unknown) => {
    try {
      const r = f();
      if (r instanceof Promise) r.catch((err: unknown) => errors.push(String(err)));
    } catch (err) {
      if (!(err instanceof StateError)) throw err;
    }
  };
  for (let step = 0; step < 25; step++) {
    if (!b && incoming[0]) {
      b = incoming[0];
      listen(b);
    }
    switch (pick(10)) {
      case 0:
        clock.advance(pick(4000));
        break;
      case 1:
        if (b) attempt(() => b!.progress(180));
        break;
      case 2:
        if (b) attempt(() => b!.answer(OFFER));
        break;
      case 3:
        attempt(() => a.reinvite(OFFER));
        break;
      case 4:
        if (b) attempt(() => b!.reinvite(OFFER));
        break;
      case 5:
        attempt(() => a.update(OFFER));
        break;
      case 6:
        attempt(() => a.info({ contentType: "application/dtmf-relay", body: Buffer.from("Signal=1\r\n") }));
        break;
      case 7:
        if (pick(4) === 0) attempt(() => (pick(2) === 0 ? a.close() : b?.close()));
        break;
      default:
        net.deliverAll();
    }
  }
  net.drop = undefined;
  a.close();
  net.deliverAll();
  b ??= incoming[0];
  b?.close();
  for (let i = 0; i < 200 && clock.pending > 0; i++) {
    net.deliverAll();
    clock.advance(clock.nextTimerIn() ?? 0);
  }
  net.deliverAll();
  assert.deepEqual(errors, [], `seed ${seed}`);
  assert.equal(a.terminated, true, `seed ${seed}: alice ended (${a.state})`);
  if (b) assert.equal(b.terminated, true, `seed ${seed}: bob ended (${b.state})`);
  assert.equal(alice.dialogs.dialogCount + bob.dialogs.dialogCount, 0, `seed ${seed}: dialogs left`);
  assert.equal(alice.dialogs.sessions.length + bob.dialogs.sessions.length, 0, `seed ${seed}: sessions left`);
  assert.deepEqual(alice.transactions.counts, { client: 0, server: 0 }, `seed ${seed}`);
  assert.deepEqual(bob.transactions.counts, { client: 0, server: 0 }, `seed ${seed}`);
  assert.equal(clock.pending, 0, `seed ${seed}: timers left`);
}

test("random call flows with message loss always end cleanly (60 fixed seeds)", () => {
  for (let seed = 1; seed <= 60; seed++) run(seed);
});
