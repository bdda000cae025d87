// The features the PBX answers itself, fed by the B2BUA's `application` event: the IVR (its
// decision is dispatched like any route: an extension's Call takes the answered leg), leaving a
// voicemail message (the box's greeting, the beep, the recording), listening to one's box (PIN
// over DTMF with the lockout, then the messages). Each runs one state machine (pbx/ivr,
// pbx/voicemail) on an AnsweredLeg. Rooms are the conference feature's (the `conference` event).
import { Logger } from "../../base/index.ts";
import { boxGreetingPromptId } from "../../prompts/index.ts";
import type { B2bua, B2buaEvents } from "../calls/b2bua.ts";
import type { CallerIdentity, Destination } from "../calls/call-deps.ts";
import type { CallerLeg } from "../calls/caller-leg.ts";
import { describeDestination } from "../calls/destination.ts";
import { IvrEngine } from "../ivr/ivr-engine.ts";
import type { IvrMenuConfig } from "../ivr/ivr-menu-config.ts";
import { DepositFlow } from "../voicemail/deposit-flow.ts";
import type { PinGuard } from "../voicemail/pin-guard.ts";
import { type MailboxAccess, RetrievalFlow } from "../voicemail/retrieval-flow.ts";
import { mailboxAccess } from "../voicemail/voicemail-access.ts";
import type { VoicemailStore } from "../voicemail/voicemail-store.ts";
import { AnsweredLeg, type AppDeps } from "./answered-leg.ts";

/** What the features read from the config in force (a reload changes it for the next caller). */
export interface FeatureSettings {
  menus: readonly IvrMenuConfig[];
  /** Extension numbers (the IVR's dial-by-extension). */
  extensions: readonly string[];
  timeZone: string;
  locale: string;
  /** Box number → PIN. */
  pins: ReadonlyMap<string, string>;
  maxMessageSeconds: number;
}

export interface FeatureAppsOptions extends AppDeps {
  b2bua: Pick<B2bua, "events" | "dispatch" | "resolve">;
  settings: () => FeatureSettings;
  voicemail: VoicemailStore;
  pinGuard: PinGuard;
}

type Application = B2buaEvents["application"];

export class FeatureApps {
  private readonly log: Logger;
  private readonly off: () => void;
  private readonly live = new Set<{ close(): void }>();

  constructor(private readonly o: FeatureAppsOptions) {
    this.log = (o.logger ?? Logger.silent()).child({ part: "features" });
    this.off = o.b2bua.events.on("application", (app) => {
      try {
        this.start(app);
      } catch (err) {
        this.log.error("feature failed to start", { err, feature: app.decision.kind });
        app.leg.end(500);
        void app.leg.media.close();
      }
    });
  }

  private start({ decision, leg, caller }: Application): void {
    switch (decision.kind) {
      case "ivr":
        this.ivr(leg, decision.menu, caller);
        return;
      case "voicemail":
        this.deposit(leg, decision.box, caller);
        return;
      case "voicemail-access":
        this.retrieve(leg, decision.box);
    }
  }

  private deps(): AppDeps {
    return { clock: this.o.clock, random: this.o.random, prompts: this.o.prompts, logger: this.log };
  }

  /** Keeps a running feature until it ends, so close() can stop it. */
  private track(x: { close(): void }): () => void {
    this.live.add(x);
    return () => this.live.delete(x);
  }

  private ivr(leg: CallerLeg, menu: string, caller: CallerIdentity): void {
    const answered = AnsweredLeg.open(leg, this.deps());
    if (!answered) return;
    const s = this.o.settings();
    const engine = new IvrEngine({
      clock: this.o.clock,
      player: answered.player,
      menus: s.menus,
      extensions: s.extensions,
      timeZone: s.timeZone,
    });
    const untrack = this.track({ close: () => engine.close() });
    answered.input.on("digit", (d) => engine.digit(d));
    answered.onHangup(() => engine.close());
    engine.on("decision", (d) => {
      untrack();
      if (!("route" in d)) {
        this.log.info("IVR hung up", { menu, reason: d.hangup });
        answered.hangUp();
        return;
      }
      const destination = d.route as Destination;
      this.log.info("IVR routed", {
        menu,
        caller: caller.number,
        destination: describeDestination(destination),
      });
      const next = this.o.b2bua.resolve(destination, caller);
      // The caller stays answered: the extension's Call rings with ringback, the box records...
      this.o.b2bua.dispatch(next, answered.release(), caller, menu);
    });
    engine.start(menu);
  }

  private deposit(leg: CallerLeg, box: string, caller: CallerIdentity): void {
    const answered = AnsweredLeg.open(leg, this.deps());
    if (!answered) return;
    const flow = new DepositFlow({
      clock: this.o.clock,
      player: answered.player,
      greeting: [boxGreetingPromptId(box)],
      openRecording: () =>
        this.o.voicemail.beginMessage(box, {
          ...(caller.number ? { number: caller.number } : {}),
          ...(caller.displayName ? { name: caller.displayName } : {}),
        }),
      maxLengthMs: this.o.settings().maxMessageSeconds * 1000,
    });
    const untrack = this.track({ close: () => flow.close() });
    answered.input.on("digit", (d) => flow.digit(d));
    answered.input.on("audio", (pcm) => flow.audio(pcm));
    answered.onHangup(() => flow.handle({ type: "hangup" }));
    flow.on("outcome", (o) => {
      const detail =
        o.outcome === "saved"
          ? { reason: o.reason, durationMs: o.durationMs }
          : o.outcome === "discarded"
            ? { reason: o.reason }
            : {};
      this.log.info("voicemail deposit", { box, caller: caller.number, outcome: o.outcome, ...detail });
    });
    flow.on("done", () => {
      untrack();
      answered.hangUp();
    });
    flow.start();
  }

  private retrieve(leg: CallerLeg, box: string): void {
    const pin = this.o.settings().pins.get(box);
    if (pin === undefined) {
      leg.end(404); // RFC 3261 §21.4.5: no such box (any more)
      void leg.media.close();
      return;
    }
    const answered = AnsweredLeg.open(leg, this.deps());
    if (!answered) return;
    const flow = new RetrievalFlow({
      clock: this.o.clock,
      player: answered.player,
      mailbox: this.logged(mailboxAccess(this.o.voicemail, this.o.pinGuard, box, pin), box),
      locale: this.o.settings().locale,
    });
    const untrack = this.track({ close: () => flow.close() });
    answered.input.on("digit", (d) => flow.digit(d));
    answered.onHangup(() => flow.handle({ type: "hangup" }));
    flow.on("done", ({ reason }) => {
      untrack();
      // Never the PIN: only how the session ended.
      this.log.info("voicemail retrieval ended", { box, reason });
      answered.hangUp();
    });
    flow.start();
  }

  /** Every PIN check is logged with its result (never the PIN): a security event. */
  private logged(access: MailboxAccess, box: string): MailboxAccess {
    return {
      ...access,
      verifyPin: async (entered) => {
        const result = await access.verifyPin(entered);
        if (result === "ok") this.log.info("voicemail PIN accepted", { box });
        else this.log.warn("voicemail PIN refused", { box, result });
        return result;
      },
    };
  }

  /** Stops every running feature (their callers get BYE). Idempotent. */
  close(): void {
    this.off();
    for (const x of [...this.live]) x.close();
    this.live.clear();
  }
}
