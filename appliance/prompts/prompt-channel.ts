// One prompt sequence at a time for a caller-facing state machine (IVR, voicemail): playing a new
// sequence stops the current one, and only the current sequence's natural end is reported — a
// completion arriving after stop() or after a newer play() is stale and dropped.
import type { PlayHandle, PromptItem, PromptPlayer } from "./prompt-player.ts";

export class PromptChannel {
  private current: PlayHandle | undefined;
  private generation = 0;

  constructor(private readonly player: PromptPlayer) {}

  /** Stops what is playing, then plays `items`; `onCompleted` runs only if they play to the end. */
  play(items: readonly PromptItem[], onCompleted: () => void): void {
    this.stop();
    const generation = ++this.generation;
    this.current = this.player.play(items, (outcome) => {
      if (generation === this.generation && outcome === "completed") onCompleted();
    });
  }

  /** Stops the current sequence (barge-in, hangup); its completion will not be reported. */
  stop(): void {
    const p = this.current;
    this.current = undefined;
    this.generation++;
    p?.stop();
  }

  /** Drops the handle of a sequence that has completed, without stopping anything. */
  forget(): void {
    this.current = undefined;
  }
}
