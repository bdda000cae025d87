import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ManualClock } from "../../base/index.ts";
import { toneSamples } from "../../media/tone.ts";
import { FakePromptPlayer } from "../../prompts/fake-prompt-player.ts";
import { PinGuard } from "./pin-guard.ts";
import { RetrievalFlow } from "./retrieval-flow.ts";
import { mailboxAccess } from "./voicemail-access.ts";
import { VoicemailStore } from "./voicemail-store.ts";

/** Lets file I/O and promise callbacks complete until the flow asks for something new to play. */
async function settled(player: FakePromptPlayer): Promise<void> {
  const before = player.plays.length;
  for (let i = 0; i < 200_000 && player.plays.length === before; i++)
    await new Promise<void>((r) => setImmediate(r));
}

async function setup(messages: number, saved = 0) {
  const root = mkdtempSync(join(tmpdir(), "pibx-retrieve-"));
  const clock = new ManualClock(0, Date.parse("2026-11-27T12:00:00Z"));
  const store = await VoicemailStore.open({
    root: join(root, "vm"),
    clock,
    maxMessages: 50,
    maxMessageSeconds: 60,
  });
  const ids: string[] = [];
  for (let i = 0; i < messages; i++) {
    clock.advance(1000);
    const rec = await store.beginMessage("100", { number: `55501${i}` });
    rec.write(toneSamples({ frequencies: [400], amplitude: 2000 }, 800));
    ids.push((await rec.commit()).id);
  }
  for (let i = 0; i < saved; i++) await store.markSaved("100", ids[i]!);
  const guard = new PinGuard(join(root, "pins"), clock, {
    maxFailures: 3,
    windowMs: 300_000,
    lockoutMs: 300_000,
  });
  const player = new FakePromptPlayer();
  const flow = new RetrievalFlow({ clock, player, mailbox: mailboxAccess(store, guard, "100", "4321") });
  const done: string[] = [];
  flow.on("done", (d) => done.push(d.reason));
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  return { root, clock, store, guard, player, flow, ids, done, cleanup };
}

async function login(s: Awaited<ReturnType<typeof setup>>) {
  s.flow.start();
  await settled(s.player);
  assert.deepEqual(s.player.last!.items, ["vm-enter-pin"]);
  for (const d of "4321#") s.flow.digit(d); // typed over the prompt: barge-in
  await settled(s.player);
}

test("PIN, 'you have three new messages', listen, save, delete, next, goodbye", async () => {
  const s = await setup(3);
  try {
    await login(s);
    assert.deepEqual(s.player.last!.items, ["vm-you-have", "num-3", "vm-new-messages"]);
    s.player.complete();
    assert.deepEqual(s.player.last!.items, [{ file: s.store.audioPath("100", s.ids[0]!) }]);
    s.player.complete();
    assert.deepEqual(s.player.last!.items, ["vm-message-menu"]);
    s.flow.digit("1"); // listen again
    assert.deepEqual(s.player.last!.items, [{ file: s.store.audioPath("100", s.ids[0]!) }]);
    s.flow.digit("9"); // save (barging into the replay)
    await settled(s.player);
    assert.deepEqual(s.player.last!.items, ["vm-message-saved"]);
    s.player.complete();
    assert.equal(s.flow.current!.id, s.ids[1]);
    s.player.complete();
    s.flow.digit("7"); // delete the second
    await settled(s.player);
    assert.deepEqual(s.player.last!.items, ["vm-message-deleted"]);
    s.player.complete();
    s.flow.digit("#"); // skip the third
    assert.deepEqual(s.player.last!.items, ["vm-no-more-messages", "vm-goodbye"]);
    s.player.complete();
    assert.deepEqual(s.done, ["goodbye"]);
    assert.deepEqual(await s.store.counts("100"), { new: 1, saved: 1 });
    assert.equal(s.clock.pending, 0);
  } finally {
    s.cleanup();
  }
});

test("new messages play before saved ones, and the summary says both", async () => {
  const s = await setup(3, 1);
  try {
    await login(s);
    assert.deepEqual(s.player.last!.items, [
      "vm-you-have",
      "num-2",
      "vm-new-messages",
      "vm-and",
      "num-1",
      "vm-saved-message",
    ]);
    s.flow.digit("5"); // barge-in on the summary: first message
    assert.deepEqual(s.player.last!.items, [{ file: s.store.audioPath("100", s.ids[1]!) }]);
  } finally {
    s.cleanup();
  }
});

test("wrong PIN: 'incorrect', ask again; three wrong PINs lock the box across calls", async () => {
  const s = await setup(1);
  try {
    s.flow.start();
    await settled(s.player);
    for (const d of "1111#") s.flow.digit(d);
    await settled(s.player);
    assert.deepEqual(s.player.last!.items, ["vm-invalid-pin", "vm-enter-pin"]);
    for (const d of "2222#") s.flow.digit(d);
    await settled(s.player);
    for (const d of "3333#") s.flow.digit(d);
    await settled(s.player);
    assert.deepEqual(s.player.last!.items, ["vm-locked", "vm-goodbye"]);
    s.player.complete();
    assert.deepEqual(s.done, ["locked"]);
    // The next call, even with the right PIN, hears "locked" before entering anything.
    const player = new FakePromptPlayer();
    const guard2 = new PinGuard(join(s.root, "pins"), s.clock, {
      maxFailures: 3,
      windowMs: 300_000,
      lockoutMs: 300_000,
    });
    const flow2 = new RetrievalFlow({
      clock: s.clock,
      player,
      mailbox: mailboxAccess(s.store, guard2, "100", "4321"),
    });
    flow2.start();
    await settled(player);
    assert.deepEqual(player.last!.items, ["vm-locked", "vm-goodbye"]);
  } finally {
    s.cleanup();
  }
});

test("no PIN entered: the input timeout says goodbye; no messages: 'you have no messages'", async () => {
  const s = await setup(0);
  try {
    s.flow.start();
    await settled(s.player);
    s.player.complete();
    s.clock.advance(10_000);
    assert.deepEqual(s.player.last!.items, ["vm-goodbye"]);
    s.player.complete();
    assert.deepEqual(s.done, ["timeout"]);
    const t = await setup(0);
    try {
      await login(t);
      assert.deepEqual(t.player.last!.items, ["vm-no-messages", "vm-goodbye"]);
    } finally {
      t.cleanup();
    }
  } finally {
    s.cleanup();
  }
});

test("menu timeouts replay the menu twice, then goodbye; hang-up at any time ends quietly", async () => {
  const s = await setup(1);
  try {
    await login(s);
    s.player.complete();
    s.player.complete();
    for (let i = 0; i < 3; i++) {
      s.player.complete();
      s.clock.advance(10_000);
    }
    assert.deepEqual(s.player.last!.items, ["vm-goodbye"]);
    s.flow.close();
    assert.deepEqual(s.done, ["hangup"]);
    s.flow.close();
    assert.equal(s.done.length, 1);
  } finally {
    s.cleanup();
  }
});
