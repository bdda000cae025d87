// A PromptPlayer for tests: records what was asked, completes when the test says so.
import type { PlayHandle, PlayOutcome, PromptItem, PromptPlayer } from "./prompt-player.ts";

export interface FakePlay {
  items: readonly PromptItem[];
  outcome: PlayOutcome | undefined;
}

export class FakePromptPlayer implements PromptPlayer {
  readonly plays: FakePlay[] = [];
  private current: { play: FakePlay; done: (o: PlayOutcome) => void } | undefined;

  play(items: readonly PromptItem[], onDone: (outcome: PlayOutcome) => void): PlayHandle {
    const play: FakePlay = { items, outcome: undefined };
    this.plays.push(play);
    const entry = { play, done: onDone };
    this.current = entry;
    const end = (o: PlayOutcome) => {
      if (play.outcome) return;
      play.outcome = o;
      if (this.current === entry) this.current = undefined;
      onDone(o);
    };
    entry.done = end;
    return { stop: () => end("interrupted") };
  }

  /** Lets the current request play to its end. */
  complete(): void {
    this.current?.done("completed");
  }

  get last(): FakePlay | undefined {
    return this.plays.at(-1);
  }

  /** Whether a request is still playing. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  /** The string items of every request, flattened (files as `file:<path>`). */
  get heard(): string[] {
    return this.plays.flatMap((p) => p.items.map((i) => (typeof i === "string" ? i : `file:${i.file}`)));
  }
}
