import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../base/index.ts";
import { FakePromptPlayer } from "../../prompts/fake-prompt-player.ts";
import { DepositFlow, type DepositSink } from "./deposit-flow.ts";
import { depositGreeting } from "./voicemail-access.ts";

test("each box has its own greeting prompt; recorded files play converted", () => {
  assert.deepEqual(depositGreeting("100", { say: "You have reached the operator…" }), ["vm-greeting:100"]);
  assert.deepEqual(depositGreeting("101", undefined), ["vm-greeting:101"]);
  assert.deepEqual(
    depositGreeting("102", { file: "a.flac" }, (f) => `/cache/${f}.wav`),
    [{ file: "/cache/a.flac.wav" }],
  );
});

test("the operator's long greeting plays in full before the tone, or # skips it", async () => {
  const sink: DepositSink = {
    write: () => true,
    commit: async () => "x",
    abort: async () => {},
    durationMs: 0,
  };
  for (const skip of [false, true]) {
    const player = new FakePromptPlayer();
    const flow = new DepositFlow({
      clock: new ManualClock(),
      player,
      greeting: depositGreeting("100", { say: "long" }),
      openRecording: async () => sink,
      maxLengthMs: 180_000,
    });
    flow.start();
    await new Promise<void>((r) => setImmediate(r));
    assert.deepEqual(player.last!.items, ["vm-greeting:100", "vm-leave-message"]);
    if (skip) flow.digit("#");
    else player.complete();
    assert.deepEqual(player.last!.items, ["vm-beep"]);
    assert.equal(player.plays[0]!.outcome, skip ? "interrupted" : "completed");
  }
});
