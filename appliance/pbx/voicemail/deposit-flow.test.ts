import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ManualClock } from "../../base/index.ts";
import { toneSamples } from "../../media/tone.ts";
import { FakePromptPlayer } from "../../prompts/fake-prompt-player.ts";
import { DepositFlow, type DepositOutcome, type DepositSink } from "./deposit-flow.ts";
import { MailboxFullError } from "./errors.ts";
import { VoicemailStore } from "./voicemail-store.ts";

/** Lets promise callbacks run (no timer is waited for). */
const flush = () => new Promise<void>((r) => setImmediate(r));

const voice = () => toneSamples({ frequencies: [300, 700], amplitude: 3000 }, 160);
const quiet = () => new Int16Array(160);

class MemorySink implements DepositSink {
  samples = 0;
  committed = false;
  aborted = false;
  write(pcm: Int16Array): boolean {
    this.samples += pcm.length;
    return true;
  }
  get durationMs(): number {
    return (this.samples * 1000) / 8000;
  }
  async commit(): Promise<string> {
    this.committed = true;
    return "msg-1";
  }
  async abort(): Promise<void> {
    this.aborted = true;
  }
}

function setup(over: Partial<ConstructorParameters<typeof DepositFlow>[0]> = {}) {
  const clock = new ManualClock();
  const player = new FakePromptPlayer();
  const sink = new MemorySink();
  const flow = new DepositFlow({
    clock,
    player,
    openRecording: async () => sink,
    maxLengthMs: 10_000,
    silence: { ms: 3000, threshold: 200 },
    ...over,
  });
  const outcomes: DepositOutcome[] = [];
  let done = 0;
  flow.on("outcome", (o) => outcomes.push(o));
  flow.on("done", () => done++);
  return { clock, player, sink, flow, outcomes, done: () => done };
}

async function toRecording(s: ReturnType<typeof setup>) {
  s.flow.start();
  await flush();
  s.player.complete(); // greeting + instructions
  s.player.complete(); // beep
  assert.equal(s.flow.state, "recording");
}

test("greeting → beep → record until # → 'message saved', goodbye", async () => {
  const s = setup({ greeting: [{ file: "/greetings/100.wav" }] });
  await toRecording(s);
  assert.deepEqual(s.player.heard, ["file:/greetings/100.wav", "vm-leave-message", "vm-beep"]);
  for (let i = 0; i < 100; i++) s.flow.audio(voice());
  s.flow.digit("#");
  assert.equal(s.flow.state, "saving");
  assert.equal(s.player.busy, false, "nothing said before the commit returns");
  await flush();
  assert.equal(s.sink.committed, true);
  assert.deepEqual(s.outcomes, [{ outcome: "saved", reason: "pound", durationMs: 2000, result: "msg-1" }]);
  assert.deepEqual(s.player.last!.items, ["vm-message-saved", "vm-goodbye"]);
  s.player.complete();
  assert.equal(s.done(), 1);
  assert.equal(s.clock.pending, 0);
});

test("silence for 3 s stops the recording; the trailing silence is not kept, pauses are", async () => {
  const s = setup();
  await toRecording(s);
  for (let i = 0; i < 50; i++) s.flow.audio(voice());
  for (let i = 0; i < 100; i++) s.flow.audio(quiet()); // a 2 s pause mid-message
  for (let i = 0; i < 50; i++) s.flow.audio(voice());
  for (let i = 0; i < 149; i++) s.flow.audio(quiet());
  assert.equal(s.flow.state, "recording");
  s.flow.audio(quiet());
  assert.equal(s.flow.state, "saving");
  await flush();
  assert.deepEqual(s.outcomes, [{ outcome: "saved", reason: "silence", durationMs: 4000, result: "msg-1" }]);
});

test("a caller who says nothing: no message, goodbye", async () => {
  const s = setup();
  await toRecording(s);
  for (let i = 0; i < 150; i++) s.flow.audio(quiet());
  assert.equal(s.sink.aborted, true);
  assert.deepEqual(s.outcomes, [{ outcome: "discarded", reason: "too-short" }]);
  assert.deepEqual(s.player.last!.items, ["vm-goodbye"]);
  s.player.complete();
  assert.equal(s.done(), 1);
});

test("maximum length (timer on the clock) stops the recording", async () => {
  const s = setup();
  await toRecording(s);
  s.flow.audio(voice());
  s.clock.advance(10_000);
  assert.equal(s.flow.state, "saving");
  await flush();
  assert.equal((s.outcomes[0] as { reason: string }).reason, "max-length");
});

test("hang-up while recording keeps a long-enough message, quietly", async () => {
  const s = setup();
  await toRecording(s);
  for (let i = 0; i < 100; i++) s.flow.audio(voice());
  s.flow.close();
  await flush();
  assert.equal(s.outcomes[0]!.outcome, "saved");
  assert.equal(s.done(), 1);
  assert.deepEqual(s.player.heard, ["vm-unavailable", "vm-leave-message", "vm-beep"], "nobody to tell");
});

test("hang-up after a short blip discards; hang-up during the greeting records nothing", async () => {
  const a = setup();
  await toRecording(a);
  a.flow.audio(voice());
  a.flow.close();
  assert.equal(a.sink.aborted, true);
  assert.deepEqual(a.outcomes, [{ outcome: "discarded", reason: "too-short" }]);
  const b = setup();
  b.flow.start();
  await flush();
  b.flow.close();
  assert.equal(b.sink.aborted, true);
  assert.equal(b.player.plays[0]!.outcome, "interrupted");
  assert.deepEqual(b.outcomes, [{ outcome: "discarded", reason: "hangup-before-beep" }]);
});

test("# during the greeting skips to the tone", async () => {
  const s = setup();
  s.flow.start();
  await flush();
  s.flow.digit("#");
  assert.deepEqual(s.player.last!.items, ["vm-beep"]);
  assert.equal(s.player.plays[0]!.outcome, "interrupted");
});

test("a full box: 'mailbox full', goodbye, nothing recorded", async () => {
  const s = setup({ openRecording: () => Promise.reject(new MailboxFullError("100", 50)) });
  s.flow.start();
  await flush();
  assert.deepEqual(s.outcomes, [{ outcome: "full" }]);
  assert.deepEqual(s.player.last!.items, ["vm-mailbox-full", "vm-goodbye"]);
  s.player.complete();
  assert.equal(s.done(), 1);
});

test("with the real store: the message is listed only once 'saved' is played", async () => {
  const root = mkdtempSync(join(tmpdir(), "pibx-deposit-"));
  try {
    const clock = new ManualClock();
    const store = await VoicemailStore.open({ root, clock, maxMessages: 5, maxMessageSeconds: 60 });
    const s = setup({ openRecording: () => store.beginMessage("100", { number: "555" }) });
    s.flow.start();
    while (s.flow.state === "opening") await flush();
    s.player.complete();
    s.player.complete();
    assert.equal(s.flow.state, "recording");
    for (let i = 0; i < 60; i++) s.flow.audio(voice());
    s.flow.digit("#");
    assert.deepEqual(await store.list("100"), []);
    while ((s.flow.state as string) === "saving") await flush();
    const [msg] = await store.list("100");
    assert.equal(msg!.durationMs, 1200);
    assert.equal(await store.verify("100", msg!.id), true);
    assert.deepEqual(s.player.last!.items, ["vm-message-saved", "vm-goodbye"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("audio from the answer on, before the recording is open, is ignored and loses nothing", async () => {
  const s = setup();
  s.flow.start(); // openRecording pending
  for (let i = 0; i < 10; i++) s.flow.audio(voice());
  assert.equal(s.flow.state, "opening");
  await flush();
  assert.equal(s.flow.state, "greeting", "the opened event still arrives");
  s.player.complete();
  s.player.complete();
  assert.equal(s.flow.state, "recording");
  assert.equal(s.sink.samples, 0, "nothing before the beep was recorded");
});
