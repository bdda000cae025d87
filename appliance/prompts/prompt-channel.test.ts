import assert from "node:assert/strict";
import { test } from "node:test";
import { PromptChannel } from "./prompt-channel.ts";
import type { PlayOutcome, PromptItem, PromptPlayer } from "./prompt-player.ts";

/** A player whose requests end when the test says so. */
function manualPlayer() {
  const requests: { items: readonly PromptItem[]; end: (o: PlayOutcome) => void; stopped: number }[] = [];
  const player: PromptPlayer = {
    play(items, onDone) {
      let done = false;
      const r = {
        items,
        stopped: 0,
        end: (o: PlayOutcome) => {
          if (!done) {
            done = true;
            onDone(o);
          }
        },
      };
      requests.push(r);
      return {
        stop() {
          r.stopped++;
          r.end("interrupted");
        },
      };
    },
  };
  return { player, requests };
}

test("only the current sequence's natural end is reported", () => {
  const { player, requests } = manualPlayer();
  const channel = new PromptChannel(player);
  const completed: string[] = [];
  channel.play(["a"], () => completed.push("a"));
  channel.play(["b"], () => completed.push("b"));
  assert.equal(requests[0]!.stopped, 1, "a new play stops the current one");
  requests[0]!.end("completed"); // stale: already interrupted, and superseded
  requests[1]!.end("completed");
  assert.deepEqual(completed, ["b"]);
});

test("stop interrupts without reporting; forget drops a finished handle without stopping it", () => {
  const { player, requests } = manualPlayer();
  const channel = new PromptChannel(player);
  const completed: string[] = [];
  channel.play(["a"], () => completed.push("a"));
  channel.stop();
  assert.equal(requests[0]!.stopped, 1);
  channel.play(["b"], () => completed.push("b"));
  requests[1]!.end("completed");
  channel.forget();
  channel.stop();
  assert.equal(requests[1]!.stopped, 0, "a forgotten handle is not stopped again");
  assert.deepEqual(completed, ["b"]);
});
