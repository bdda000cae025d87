// What the PBX features (IVR, voicemail) need from whoever plays audio to the caller: play a
// sequence of prompts, tell when it completed or was interrupted, stop on barge-in. The calls
// engineer implements it over media/PromptPlayer; tests implement it with a recording fake.

/** A built-in or generated prompt by id (e.g. `vm-goodbye`, `ivr:main`), or an audio file. */
export type PromptItem = string | { readonly file: string };

/** How a play request ended: played to the end, or stopped (barge-in, hangup). */
export type PlayOutcome = "completed" | "interrupted";

export interface PlayHandle {
  /** Stops playback; onDone then fires with `interrupted` unless it already fired. Idempotent. */
  stop(): void;
}

export interface PromptPlayer {
  /** Plays items in order; onDone fires exactly once. */
  play(items: readonly PromptItem[], onDone: (outcome: PlayOutcome) => void): PlayHandle;
}
