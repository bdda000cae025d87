// A caller's leg answered by the PBX itself for a feature (IVR, voicemail): the 200 OK sent,
// prompts played to it, digits and audio read from it. The feature either ends the call
// (hangUp: BYE, relay ports freed) or hands the leg on to a Call (release: the session and the
// relay session go with it, untouched).
import type { Clock, Logger, RandomSource } from "../../base/index.ts";
import type { PromptLibrary } from "../../prompts/index.ts";
import type { CallerLeg } from "../calls/caller-leg.ts";
import { LegInput } from "./leg-input.ts";
import { LegPlayer } from "./leg-player.ts";

export interface AppDeps {
  clock: Clock;
  random: RandomSource;
  prompts: PromptLibrary;
  logger: Logger;
}

export class AnsweredLeg {
  readonly player: LegPlayer;
  readonly input: LegInput;
  private readonly offs: Array<() => void> = [];
  private over = false;

  private constructor(
    readonly leg: CallerLeg,
    deps: AppDeps,
  ) {
    this.player = new LegPlayer({
      clock: deps.clock,
      random: deps.random,
      media: leg.media,
      leg: "a",
      law: () => leg.law,
      prompts: deps.prompts,
      logger: deps.logger,
    });
    this.input = new LegInput({
      clock: deps.clock,
      media: leg.media,
      leg: "a",
      session: leg.session,
      telephoneEvent: () => leg.stream?.telephoneEvent,
    });
  }

  /** Answers the leg (if not answered yet); undefined (and the caller refused) when it cannot be. */
  static open(leg: CallerLeg, deps: AppDeps): AnsweredLeg | undefined {
    let ok: boolean;
    try {
      ok = leg.accept();
    } catch (err) {
      deps.logger.debug("caller gone before the answer", { err });
      ok = false;
    }
    if (!ok) {
      // RFC 3264 §6: no common codec (or the caller already left).
      if (!leg.session.terminated) leg.session.reject(488);
      void leg.media.close();
      return undefined;
    }
    return new AnsweredLeg(leg, deps);
  }

  /** Runs once when the caller hangs up (BYE, or the session fails). */
  onHangup(f: () => void): void {
    if (this.leg.session.terminated) {
      queueMicrotask(f);
      return;
    }
    this.offs.push(this.leg.session.events.on("terminated", () => f()));
  }

  private stopListening(): void {
    this.over = true;
    for (const off of this.offs.splice(0)) off();
    this.input.close();
  }

  /** The feature is done: BYE (RFC 3261 §15.1.1) and free the relay ports. Idempotent. */
  hangUp(): void {
    if (this.over) return;
    this.stopListening();
    if (!this.leg.session.terminated) this.leg.session.close();
    void this.leg.media.close();
  }

  /** Hands the caller on (a Call to the chosen extension); nothing is closed. */
  release(): CallerLeg {
    this.stopListening();
    this.leg.media.setMode("a", "mute");
    return this.leg;
  }
}
