// The PromptPlayer of a caller's leg: prompt items played one after the other as paced RTP on
// the leg's relay port (media/PromptPlayer: 20 ms packets, RFC 3550 timestamps; the media
// session keeps one continuous SSRC/sequence on the leg across prompts).
import type { Clock, Logger, RandomSource } from "../../base/index.ts";
import { PromptPlayer as PacedPlayer } from "../../media/index.ts";
import type {
  PlayHandle,
  PlayOutcome,
  PromptItem,
  PromptLibrary,
  PromptPlayer,
} from "../../prompts/index.ts";
import type { CallMediaSession, MediaLeg } from "../calls/call-deps.ts";

export interface LegPlayerOptions {
  clock: Clock;
  random: RandomSource;
  media: CallMediaSession;
  leg: MediaLeg;
  /** The law agreed with the caller (read at each play: a late offer settles it at the ACK). */
  law: () => "PCMU" | "PCMA";
  prompts: PromptLibrary;
  logger: Logger;
}

export class LegPlayer implements PromptPlayer {
  constructor(private readonly o: LegPlayerOptions) {}

  play(items: readonly PromptItem[], onDone: (outcome: PlayOutcome) => void): PlayHandle {
    const o = this.o;
    let index = 0;
    let current: PacedPlayer | undefined;
    let done = false;
    const finish = (outcome: PlayOutcome) => {
      if (done) return;
      done = true;
      current?.stop();
      current = undefined;
      onDone(outcome);
    };
    const next = () => {
      while (!done && index < items.length) {
        const item = items[index++]!;
        const samples = o.prompts.samples(item);
        if (!samples) {
          o.logger.warn("prompt missing, skipped", { prompt: typeof item === "string" ? item : "file" });
          continue;
        }
        const p = new PacedPlayer({
          clock: o.clock,
          random: o.random,
          law: o.law(),
          samples,
          sink: (f) => o.media.sendLocal(o.leg, f),
        });
        current = p;
        p.on("ended", () => {
          if (current === p) next();
        });
        p.start();
        return;
      }
      // Completion is reported from a later turn, never from inside play() (callers' state).
      if (!done) queueMicrotask(() => finish("completed"));
    };
    o.media.setMode(o.leg, "local");
    next();
    return { stop: () => finish("interrupted") };
  }
}
