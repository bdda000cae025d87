import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ManualClock } from "../../base/index.ts";
import { toneSamples } from "../../media/tone.ts";
import { InvalidMailboxNameError, MailboxFullError, MessageNotFoundError } from "./errors.ts";
import { type MailboxCounts, VoicemailStore } from "./voicemail-store.ts";

async function withStore(
  fn: (store: VoicemailStore, root: string, clock: ManualClock) => Promise<void>,
  maxMessages = 3,
) {
  const root = mkdtempSync(join(tmpdir(), "pibx-vm-"));
  const clock = new ManualClock(0, Date.parse("2026-11-27T10:00:00Z"));
  try {
    const store = await VoicemailStore.open({ root, clock, maxMessages, maxMessageSeconds: 2 });
    await fn(store, root, clock);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const speech = (ms: number) => toneSamples({ frequencies: [440, 660], amplitude: 4000 }, (ms * 8000) / 1000);

test("deposit: nothing visible until commit, then metadata + audio that verify", async () => {
  await withStore(async (store, root) => {
    const rec = await store.beginMessage("100", { number: "17775550100", name: "Carol" });
    for (let i = 0; i < 50; i++) rec.write(speech(20));
    assert.deepEqual(await store.list("100"), []);
    const meta = await rec.commit();
    assert.equal(await rec.commit(), meta, "idempotent");
    assert.equal(meta.durationMs, 1000);
    assert.equal(meta.samples, 8000);
    assert.equal(meta.flag, "new");
    assert.equal(meta.receivedAt, "2026-11-27T10:00:00.000Z");
    assert.deepEqual(meta.caller, { number: "17775550100", name: "Carol" });
    assert.deepEqual(await store.list("100"), [meta]);
    assert.equal(await store.verify("100", meta.id), true);
    assert.deepEqual(readdirSync(join(root, "100")).sort(), [`${meta.id}.json`, `${meta.id}.wav`]);
  });
});

test("max length: samples beyond maxMessageSeconds are dropped and write says so", async () => {
  await withStore(async (store) => {
    const rec = await store.beginMessage("100");
    let more = true;
    let frames = 0;
    while (more && frames < 1000) {
      more = rec.write(speech(20));
      frames++;
    }
    assert.equal(frames, 100, "2 s of 20 ms frames");
    const meta = await rec.commit();
    assert.equal(meta.samples, 16000);
    assert.equal(await store.verify("100", meta.id), true);
  });
});

test("counts, mark saved, delete, and change events for MWI", async () => {
  await withStore(async (store, root) => {
    const changes: MailboxCounts[] = [];
    store.on("changed", (c) => changes.push(c.counts));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const rec = await store.beginMessage("101");
      rec.write(speech(100));
      ids.push((await rec.commit()).id);
    }
    assert.deepEqual(await store.counts("101"), { new: 3, saved: 0 });
    await store.markSaved("101", ids[0]!);
    assert.deepEqual(await store.counts("101"), { new: 2, saved: 1 });
    await store.delete("101", ids[1]!);
    assert.deepEqual(await store.counts("101"), { new: 1, saved: 1 });
    assert.equal(existsSync(join(root, "101", `${ids[1]}.wav`)), false);
    await assert.rejects(store.delete("101", ids[1]!), MessageNotFoundError);
    assert.deepEqual(changes.at(-1), { new: 1, saved: 1 });
    assert.equal(changes.length, 5);
    // Reopening reads the same state from disk.
    const again = await VoicemailStore.open({
      root,
      clock: new ManualClock(),
      maxMessages: 3,
      maxMessageSeconds: 2,
    });
    assert.deepEqual(await again.counts("101"), { new: 1, saved: 1 });
  });
});

test("a full box refuses new messages (in-flight recordings count)", async () => {
  await withStore(async (store) => {
    const a = await store.beginMessage("100");
    const b = await store.beginMessage("100");
    await assert.rejects(store.beginMessage("100"), MailboxFullError);
    await b.abort();
    const c = await store.beginMessage("100");
    a.write(speech(20));
    await a.commit();
    await c.abort();
    assert.deepEqual(await store.counts("100"), { new: 1, saved: 0 });
  }, 2);
});

test("recovery: temp files and audio without metadata are removed; broken messages hidden", async () => {
  const root = mkdtempSync(join(tmpdir(), "pibx-vm-"));
  try {
    const clock = new ManualClock();
    const s1 = await VoicemailStore.open({ root, clock, maxMessages: 10, maxMessageSeconds: 10 });
    const rec = await s1.beginMessage("100");
    rec.write(speech(200));
    const good = await rec.commit();
    const half = await s1.beginMessage("100"); // never committed: a crash mid-recording
    half.write(speech(100));
    const dir = join(root, "100");
    writeFileSync(join(dir, "0000000000001-orphan1.wav"), "RIFF"); // audio whose metadata never landed
    writeFileSync(join(dir, "0000000000002-zzzzzz.json.tmp-1-1"), "{");
    writeFileSync(join(dir, "0000000000003-deleted.json"), "{}"); // a delete interrupted by a power cut
    // Metadata whose audio was damaged behind our back (checksum mismatch).
    const bad = await s1.beginMessage("100");
    bad.write(speech(100));
    const badMeta = await bad.commit();
    writeFileSync(join(dir, `${badMeta.id}.wav`), Buffer.alloc(100));
    const s2 = await VoicemailStore.open({ root, clock, maxMessages: 10, maxMessageSeconds: 10 });
    assert.equal(s2.recovery.orphanAudioRemoved, 1);
    assert.equal(s2.recovery.orphanMetadataRemoved, 1);
    assert.ok(s2.recovery.tempFilesRemoved >= 2, `temps ${s2.recovery.tempFilesRemoved}`);
    assert.deepEqual(s2.recovery.brokenMessages, [`100/${badMeta.id}`]);
    assert.deepEqual(
      (await s2.list("100")).map((m) => m.id),
      [good.id],
    );
    assert.ok(readdirSync(dir).every((n) => !n.includes(".tmp-")));
    await half.abort();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("box names and ids cannot escape the store", async () => {
  await withStore(async (store) => {
    await assert.rejects(store.beginMessage("../etc"), InvalidMailboxNameError);
    assert.throws(() => store.audioPath("100", "../../x"), InvalidMailboxNameError);
  });
});
