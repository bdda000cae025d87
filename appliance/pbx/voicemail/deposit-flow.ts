// Leaving a message, as a state machine table: greeting (the box's own, or the default) →
// "after the tone…" → beep → record until `#`, silence or the maximum length → commit →
// "message saved" → goodbye. The commit resolves only after the message is durable (see
// voicemail-store.ts), so the caller never hears "saved" for a message that could be lost.
// A caller hanging up while recording still leaves the message (if long enough).
import { type Clock, StateError, type TimerHandle, TypedEmitter } from "../../base/index.ts";
import { PromptChannel } from "../../prompts/prompt-channel.ts";
import type { PromptItem, PromptPlayer } from "../../prompts/prompt-player.ts";
import { MailboxFullError } from "./errors.ts";
import { SerialDispatcher } from "./serial-dispatcher.ts";

/** Where the recorded audio goes (a MessageRecording of the store satisfies it). */
export interface DepositSink {
  write(pcm: Int16Array): boolean;
  commit(): Promise<unknown>;
  abort(): Promise<void>;
  readonly durationMs: number;
}

export type DepositState = "opening" | "greeting" | "beep" | "recording" | "saving" | "farewell" | "done";

export type DepositEvent =
  | { type: "opened"; sink: DepositSink }
  | { type: "full" }
  | { type: "openFailed"; error: unknown }
  | { type: "promptDone" }
  | { type: "digit"; digit: string }
  | { type: "audio"; pcm: Int16Array }
  | { type: "silence" }
  | { type: "maxLength" }
  | { type: "hangup" }
  | { type: "saved"; result: unknown }
  | { type: "saveFailed"; error: unknown };

export type StopReason = "pound" | "silence" | "max-length" | "hangup";

export type DepositOutcome =
  | { outcome: "saved"; reason: StopReason; durationMs: number; result: unknown }
  | { outcome: "discarded"; reason: "too-short" | "hangup-before-beep" }
  | { outcome: "full" }
  | { outcome: "failed"; error: unknown };

export interface DepositFlowEvents {
  /** The message's fate, once. */
  outcome: DepositOutcome;
  /** The flow is over: hang up (if the caller is still there). */
  done: undefined;
}

export interface DepositFlowOptions {
  clock: Clock;
  player: PromptPlayer;
  /** The box's greeting (a custom recording or spoken text), or the default. */
  greeting?: readonly PromptItem[];
  /** Opens the recording (store.beginMessage); rejects with MailboxFullError when full. */
  openRecording: () => Promise<DepositSink>;
  maxLengthMs: number;
  /** Stop after this much continuous silence (RMS below threshold); default 5 s at RMS 200. */
  silence?: { ms: number; threshold: number };
  /** A hang-up before this much audio discards the message; default 1000 ms. */
  minMessageMs?: number;
}

type Handler = (f: DepositFlow, ev: DepositEvent) => DepositState;

const hangupQuiet: Handler = (f) => f.abandon();

const TABLE: { readonly [S in DepositState]: Partial<Record<DepositEvent["type"], Handler>> } = {
  opening: {
    opened: (f, ev) => f.opened(ev),
    full: (f) => f.full(),
    openFailed: (f, ev) => f.failed(ev),
    hangup: (f) => f.hangupWhileOpening(),
    digit: (f) => f.state,
    audio: (f) => f.state, // the caller's audio flows from the answer on
  },
  greeting: {
    promptDone: (f) => f.beep(),
    digit: (f, ev) => f.greetingDigit(ev),
    hangup: hangupQuiet,
    audio: (f) => f.state,
  },
  beep: {
    promptDone: (f) => f.record(),
    digit: (f) => f.state,
    audio: (f) => f.state,
    hangup: hangupQuiet,
  },
  recording: {
    audio: (f, ev) => f.onAudio(ev),
    digit: (f, ev) => (ev.type === "digit" && ev.digit === "#" ? f.stop("pound") : f.state),
    silence: (f) => f.stop("silence"),
    maxLength: (f) => f.stop("max-length"),
    hangup: (f) => f.stop("hangup"),
  },
  saving: {
    saved: (f, ev) => f.saved(ev),
    saveFailed: (f, ev) => f.failed(ev),
    hangup: (f) => f.callerGone(),
    audio: (f) => f.state,
    digit: (f) => f.state,
    maxLength: (f) => f.state,
  },
  farewell: {
    promptDone: (f) => f.finish(),
    hangup: (f) => f.finish(),
    digit: (f) => f.state,
    audio: (f) => f.state,
  },
  done: {
    opened: (f, ev) => f.lateOpen(ev),
    full: (f) => f.state,
    openFailed: (f) => f.state,
    promptDone: (f) => f.state,
    digit: (f) => f.state,
    audio: (f) => f.state,
    silence: (f) => f.state,
    maxLength: (f) => f.state,
    hangup: (f) => f.state,
    saved: (f) => f.state,
    saveFailed: (f) => f.state,
  },
};

export class DepositFlow extends TypedEmitter<DepositFlowEvents> {
  private st: DepositState = "opening";
  private sink: DepositSink | undefined;
  private readonly prompts: PromptChannel;
  private maxTimer: TimerHandle | undefined;
  private silentMs = 0;
  private heldSilence: Int16Array[] = [];
  private stopReason: StopReason = "pound";
  private callerPresent = true;
  private started = false;
  private readonly dispatcher = new SerialDispatcher<DepositEvent>((ev) => this.step(ev));

  constructor(private readonly opts: DepositFlowOptions) {
    super();
    this.prompts = new PromptChannel(opts.player);
  }

  get state(): DepositState {
    return this.st;
  }

  start(): void {
    if (this.started) throw new StateError("deposit already started", this.st, "start");
    this.started = true;
    this.opts.openRecording().then(
      (sink) => this.handle({ type: "opened", sink }),
      (error: unknown) =>
        this.handle(error instanceof MailboxFullError ? { type: "full" } : { type: "openFailed", error }),
    );
  }

  handle(ev: DepositEvent): void {
    this.dispatcher.dispatch(ev);
  }

  /** Caller audio (8 kHz linear, any block size). */
  audio(pcm: Int16Array): void {
    this.handle({ type: "audio", pcm });
  }

  digit(d: string): void {
    this.handle({ type: "digit", digit: d });
  }

  /** The caller is gone or the call is torn down. Idempotent. */
  close(): void {
    this.handle({ type: "hangup" });
  }

  private step(ev: DepositEvent): void {
    const h = TABLE[this.st][ev.type];
    if (!h) throw new StateError("illegal deposit transition", this.st, ev.type);
    this.st = h(this, ev);
  }

  // ── actions ─────────────────────────────────────────────────────────────────────────────

  /** @internal */ opened(ev: DepositEvent): DepositState {
    if (ev.type !== "opened") return this.st;
    this.sink = ev.sink;
    return this.play([...(this.opts.greeting ?? ["vm-unavailable"]), "vm-leave-message"], "greeting");
  }

  /** @internal */ full(): DepositState {
    this.emit("outcome", { outcome: "full" });
    return this.play(["vm-mailbox-full", "vm-goodbye"], "farewell");
  }

  /** @internal */ failed(ev: DepositEvent): DepositState {
    const error = ev.type === "openFailed" || ev.type === "saveFailed" ? ev.error : undefined;
    this.emit("outcome", { outcome: "failed", error });
    if (!this.callerPresent) return this.finish();
    return this.play(["vm-goodbye"], "farewell");
  }

  /** @internal */ hangupWhileOpening(): DepositState {
    this.callerPresent = false;
    this.emit("outcome", { outcome: "discarded", reason: "hangup-before-beep" });
    return this.finish();
  }

  /** @internal */ lateOpen(ev: DepositEvent): DepositState {
    if (ev.type === "opened") void ev.sink.abort();
    return this.st;
  }

  /** @internal */ greetingDigit(ev: DepositEvent): DepositState {
    // `#` skips the greeting straight to the tone (callers who know the drill).
    if (ev.type === "digit" && ev.digit === "#") return this.beep();
    return this.st;
  }

  /** @internal */ beep(): DepositState {
    return this.play(["vm-beep"], "beep");
  }

  /** @internal */ record(): DepositState {
    this.prompts.forget();
    this.silentMs = 0;
    this.maxTimer = this.opts.clock.setTimeout(() => {
      this.maxTimer = undefined;
      this.handle({ type: "maxLength" });
    }, this.opts.maxLengthMs);
    return "recording";
  }

  /** @internal */ onAudio(ev: DepositEvent): DepositState {
    if (ev.type !== "audio" || !this.sink) return this.st;
    const s = this.opts.silence ?? { ms: 5000, threshold: 200 };
    let sum = 0;
    for (const x of ev.pcm) sum += x * x;
    const rms = Math.sqrt(sum / Math.max(1, ev.pcm.length));
    let room = true;
    if (rms < s.threshold) {
      // Silence is held back: written only if the caller speaks again, so a message stopped
      // by silence does not end with seconds of nothing.
      this.silentMs += (ev.pcm.length * 1000) / 8000;
      this.heldSilence.push(ev.pcm.slice());
    } else {
      for (const held of this.heldSilence) room &&= this.sink.write(held);
      this.heldSilence = [];
      this.silentMs = 0;
      room &&= this.sink.write(ev.pcm);
    }
    if (!room) this.handle({ type: "maxLength" });
    else if (this.silentMs >= s.ms) this.handle({ type: "silence" });
    return this.st;
  }

  /** @internal */ stop(reason: StopReason): DepositState {
    this.opts.clock.clearTimeout(this.maxTimer);
    this.maxTimer = undefined;
    this.stopReason = reason;
    this.heldSilence = []; // trailing silence is not part of the message
    const sink = this.sink!;
    if (reason === "hangup") this.callerPresent = false;
    if ((reason === "hangup" || reason === "silence") && sink.durationMs < (this.opts.minMessageMs ?? 1000)) {
      // Nothing (or a blip) was said: keep no message.
      void sink.abort();
      this.emit("outcome", { outcome: "discarded", reason: "too-short" });
      return this.callerPresent ? this.play(["vm-goodbye"], "farewell") : this.finish();
    }
    sink.commit().then(
      (result) => this.handle({ type: "saved", result }),
      (error: unknown) => this.handle({ type: "saveFailed", error }),
    );
    return "saving";
  }

  /** @internal */ saved(ev: DepositEvent): DepositState {
    const result = ev.type === "saved" ? ev.result : undefined;
    this.emit("outcome", {
      outcome: "saved",
      reason: this.stopReason,
      durationMs: this.sink!.durationMs,
      result,
    });
    if (!this.callerPresent) return this.finish();
    return this.play(["vm-message-saved", "vm-goodbye"], "farewell");
  }

  /** @internal */ callerGone(): DepositState {
    this.callerPresent = false;
    return this.st;
  }

  /** @internal */ abandon(): DepositState {
    this.callerPresent = false;
    void this.sink?.abort();
    this.emit("outcome", { outcome: "discarded", reason: "hangup-before-beep" });
    return this.finish();
  }

  /** @internal */ finish(): DepositState {
    this.prompts.stop();
    this.opts.clock.clearTimeout(this.maxTimer);
    this.maxTimer = undefined;
    if (this.st !== "done") {
      this.st = "done";
      this.emit("done", undefined);
    }
    return "done";
  }

  private play(items: readonly PromptItem[], next: DepositState): DepositState {
    this.prompts.play(items, () => this.handle({ type: "promptDone" }));
    return next;
  }
}
