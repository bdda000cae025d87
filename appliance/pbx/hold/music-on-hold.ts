// Music on hold: the held party hears a configured 8 kHz WAV, looped by the media layer's paced
// player (20 ms packets, RTP timestamps advancing 160 per packet, RFC 3550 §5.1); the media
// session re-bases SSRC/sequence onto the leg's continuous stream.
import { readFileSync } from "node:fs";
import type { Clock, RandomSource } from "../../base/index.ts";
import { type G711Law, type PlayerFrame, PromptPlayer, promptSamples } from "../../media/index.ts";

export interface HoldPlayback {
  /** Idempotent. */
  stop(): void;
}

/** Something that plays to a held party. */
export interface MusicOnHold {
  play(law: G711Law, sink: (frame: PlayerFrame) => void): HoldPlayback;
}

/** Loops samples (8 kHz mono) through a PromptPlayer per held party. */
export class LoopedMusicOnHold implements MusicOnHold {
  constructor(
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly samples: Int16Array,
  ) {}

  /** Reads an 8 kHz WAV (PCM or G.711); throws ParseError for anything else. */
  static fromWavFile(clock: Clock, random: RandomSource, path: string): LoopedMusicOnHold {
    return new LoopedMusicOnHold(clock, random, promptSamples(readFileSync(path)));
  }

  play(law: G711Law, sink: (frame: PlayerFrame) => void): HoldPlayback {
    const player = new PromptPlayer({
      clock: this.clock,
      random: this.random,
      law,
      samples: this.samples,
      loop: true,
      sink,
    });
    player.start();
    return { stop: () => player.stop() };
  }
}
