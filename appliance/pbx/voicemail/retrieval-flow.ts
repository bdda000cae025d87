// Listening to one's messages, as a state machine table: PIN over DTMF (with the lockout of
// pin-guard.ts) → "you have N new messages" → each message (new first, then saved) followed by
// the menu "1 listen again, 7 delete, 9 save, # next" → "no more messages" → goodbye.
// Prompts and message audio interrupt on a digit (barge-in).
import { type Clock, StateError, type TimerHandle, TypedEmitter } from "../../base/index.ts";
import { PromptChannel } from "../../prompts/prompt-channel.ts";
import type { PromptItem, PromptPlayer } from "../../prompts/prompt-player.ts";
import { messageCountPrompts } from "../../prompts/prompt-sequencer.ts";
import type { MessageMeta } from "./message-meta.ts";
import type { PinResult } from "./pin-guard.ts";
import { SerialDispatcher } from "./serial-dispatcher.ts";

/** One box, as the flow sees it (voicemail-access.ts adapts the store and PIN guard). */
export interface MailboxAccess {
  isLocked(): Promise<boolean>;
  verifyPin(pin: string): Promise<PinResult>;
  list(): Promise<MessageMeta[]>;
  markSaved(id: string): Promise<unknown>;
  delete(id: string): Promise<unknown>;
  audio(id: string): PromptItem;
}

export type RetrievalState =
  | "checking"
  | "pin"
  | "verifying"
  | "summary"
  | "playing"
  | "menu"
  | "acting"
  | "confirming"
  | "farewell"
  | "done";

export type RetrievalEvent =
  | { type: "ready"; locked: boolean }
  | { type: "digit"; digit: string }
  | { type: "promptDone" }
  | { type: "inputTimeout" }
  | { type: "pinResult"; result: PinResult }
  | { type: "listed"; messages: MessageMeta[] }
  | { type: "actionDone"; action: "deleted" | "saved" }
  | { type: "failed"; error: unknown }
  | { type: "hangup" };

export interface RetrievalFlowEvents {
  authenticated: undefined;
  /** A message was played to its end or interrupted. */
  played: string;
  deleted: string;
  saved: string;
  done: { reason: "goodbye" | "locked" | "hangup" | "timeout" | "error" };
}

export interface RetrievalFlowOptions {
  clock: Clock;
  player: PromptPlayer;
  mailbox: MailboxAccess;
  locale?: string;
  /** Wait for a digit (PIN entry, message menu); default 10 s. */
  inputTimeoutMs?: number;
  /** Wrong PINs allowed in this call before hanging up (the lockout is separate); default 3. */
  pinAttempts?: number;
  maxPinLength?: number;
}

type Handler = (f: RetrievalFlow, ev: RetrievalEvent) => RetrievalState;
const stay: Handler = (f) => f.state;
const bye: Handler = (f) => f.finish("hangup");

const TABLE: { readonly [S in RetrievalState]: Partial<Record<RetrievalEvent["type"], Handler>> } = {
  checking: { ready: (f, ev) => f.ready(ev), failed: (f) => f.error(), hangup: bye, digit: stay },
  pin: {
    digit: (f, ev) => f.pinDigit(ev),
    promptDone: (f) => f.armInput(),
    inputTimeout: (f) => f.submitPin(true),
    hangup: bye,
  },
  verifying: { pinResult: (f, ev) => f.pinResult(ev), failed: (f) => f.error(), digit: stay, hangup: bye },
  summary: {
    listed: (f, ev) => f.listed(ev),
    promptDone: (f) => f.playCurrent(),
    digit: (f) => f.playCurrent(), // barge-in: straight to the first message
    failed: (f) => f.error(),
    hangup: bye,
  },
  playing: { promptDone: (f) => f.menu(), digit: (f, ev) => f.menuDigit(ev), hangup: bye },
  menu: {
    promptDone: (f) => f.armInput(),
    digit: (f, ev) => f.menuDigit(ev),
    inputTimeout: (f) => f.menuTimeout(),
    hangup: bye,
  },
  acting: { actionDone: (f, ev) => f.actionDone(ev), failed: (f) => f.error(), digit: stay, hangup: bye },
  confirming: { promptDone: (f) => f.next(), digit: (f) => f.next(), hangup: bye },
  farewell: { promptDone: (f) => f.finish(f.farewellReason), digit: stay, hangup: bye, inputTimeout: stay },
  done: {
    ready: stay,
    digit: stay,
    promptDone: stay,
    inputTimeout: stay,
    pinResult: stay,
    listed: stay,
    actionDone: stay,
    failed: stay,
    hangup: stay,
  },
};

export class RetrievalFlow extends TypedEmitter<RetrievalFlowEvents> {
  private st: RetrievalState = "checking";
  private pinBuffer = "";
  private wrongPins = 0;
  private messages: MessageMeta[] = [];
  private index = 0;
  private menuTimeouts = 0;
  private readonly prompts: PromptChannel;
  private timer: TimerHandle | undefined;
  private started = false;
  /** @internal */ farewellReason: RetrievalFlowEvents["done"]["reason"] = "goodbye";
  private readonly dispatcher = new SerialDispatcher<RetrievalEvent>((ev) => this.step(ev));

  constructor(private readonly opts: RetrievalFlowOptions) {
    super();
    this.prompts = new PromptChannel(opts.player);
  }

  get state(): RetrievalState {
    return this.st;
  }

  /** The message being played or acted on. */
  get current(): MessageMeta | undefined {
    return this.messages[this.index];
  }

  start(): void {
    if (this.started) throw new StateError("retrieval already started", this.st, "start");
    this.started = true;
    this.async(this.opts.mailbox.isLocked(), (locked) => ({ type: "ready", locked }));
  }

  handle(ev: RetrievalEvent): void {
    this.dispatcher.dispatch(ev);
  }

  digit(d: string): void {
    this.handle({ type: "digit", digit: d });
  }

  close(): void {
    this.handle({ type: "hangup" });
  }

  private step(ev: RetrievalEvent): void {
    const h = TABLE[this.st][ev.type];
    if (!h) throw new StateError("illegal retrieval transition", this.st, ev.type);
    this.st = h(this, ev);
  }

  // ── actions ─────────────────────────────────────────────────────────────────────────────

  /** @internal */ ready(ev: RetrievalEvent): RetrievalState {
    if (ev.type === "ready" && ev.locked) return this.farewell(["vm-locked", "vm-goodbye"], "locked");
    return this.askPin(["vm-enter-pin"]);
  }

  /** @internal */ pinDigit(ev: RetrievalEvent): RetrievalState {
    if (ev.type !== "digit") return this.st;
    this.prompts.stop();
    this.clearTimer();
    if (ev.digit === "#") return this.submitPin(false);
    if (this.pinBuffer.length < (this.opts.maxPinLength ?? 16)) this.pinBuffer += ev.digit;
    return this.armInput();
  }

  /** @internal */ submitPin(timedOut: boolean): RetrievalState {
    this.clearTimer();
    if (timedOut && this.pinBuffer === "") return this.farewell(["vm-goodbye"], "timeout");
    const pin = this.pinBuffer;
    this.pinBuffer = "";
    this.async(this.opts.mailbox.verifyPin(pin), (result) => ({ type: "pinResult", result }));
    return "verifying";
  }

  /** @internal */ pinResult(ev: RetrievalEvent): RetrievalState {
    if (ev.type !== "pinResult") return this.st;
    if (ev.result === "locked") return this.farewell(["vm-locked", "vm-goodbye"], "locked");
    if (ev.result === "wrong") {
      this.wrongPins++;
      if (this.wrongPins >= (this.opts.pinAttempts ?? 3))
        return this.farewell(["vm-invalid-pin", "vm-goodbye"], "goodbye");
      return this.askPin(["vm-invalid-pin", "vm-enter-pin"]);
    }
    this.emit("authenticated", undefined);
    this.async(this.opts.mailbox.list(), (messages) => ({ type: "listed", messages }));
    return "summary";
  }

  /** @internal */ listed(ev: RetrievalEvent): RetrievalState {
    if (ev.type !== "listed") return this.st;
    // New messages first (oldest first), then saved ones.
    this.messages = [
      ...ev.messages.filter((m) => m.flag === "new"),
      ...ev.messages.filter((m) => m.flag === "saved"),
    ];
    this.index = 0;
    const counts = { new: 0, saved: 0 };
    for (const m of this.messages) counts[m.flag]++;
    const summary = messageCountPrompts(counts, this.opts.locale);
    if (this.messages.length === 0) return this.farewell([...summary, "vm-goodbye"], "goodbye");
    return this.play(summary, "summary");
  }

  /** @internal */ playCurrent(): RetrievalState {
    const m = this.messages[this.index];
    if (!m) return this.next();
    this.clearTimer();
    this.menuTimeouts = 0;
    this.emit("played", m.id);
    return this.play([this.opts.mailbox.audio(m.id)], "playing");
  }

  /** @internal */ menu(): RetrievalState {
    return this.play(["vm-message-menu"], "menu");
  }

  /** @internal */ menuDigit(ev: RetrievalEvent): RetrievalState {
    if (ev.type !== "digit") return this.st;
    this.prompts.stop();
    this.clearTimer();
    const m = this.messages[this.index]!;
    switch (ev.digit) {
      case "1":
        return this.playCurrent();
      case "7":
        this.async(this.opts.mailbox.delete(m.id), () => ({ type: "actionDone", action: "deleted" }));
        return "acting";
      case "9":
        this.async(this.opts.mailbox.markSaved(m.id), () => ({ type: "actionDone", action: "saved" }));
        return "acting";
      case "#":
        return this.next();
      default:
        return this.menu();
    }
  }

  /** @internal */ menuTimeout(): RetrievalState {
    if (++this.menuTimeouts > 2) return this.farewell(["vm-goodbye"], "timeout");
    return this.menu();
  }

  /** @internal */ actionDone(ev: RetrievalEvent): RetrievalState {
    if (ev.type !== "actionDone") return this.st;
    const m = this.messages[this.index]!;
    if (ev.action === "deleted") {
      this.emit("deleted", m.id);
      return this.play(["vm-message-deleted"], "confirming");
    }
    this.messages[this.index] = { ...m, flag: "saved" };
    this.emit("saved", m.id);
    return this.play(["vm-message-saved"], "confirming");
  }

  /** @internal */ next(): RetrievalState {
    this.index++;
    if (this.index >= this.messages.length)
      return this.farewell(["vm-no-more-messages", "vm-goodbye"], "goodbye");
    return this.playCurrent();
  }

  /** @internal */ armInput(): RetrievalState {
    this.clearTimer();
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = undefined;
      this.handle({ type: "inputTimeout" });
    }, this.opts.inputTimeoutMs ?? 10_000);
    return this.st;
  }

  /** @internal */ error(): RetrievalState {
    return this.farewell(["vm-goodbye"], "error");
  }

  /** @internal */ finish(reason: RetrievalFlowEvents["done"]["reason"]): RetrievalState {
    this.prompts.stop();
    this.clearTimer();
    if (this.st !== "done") {
      this.st = "done";
      this.emit("done", { reason });
    }
    return "done";
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────

  private askPin(items: readonly PromptItem[]): RetrievalState {
    this.pinBuffer = "";
    this.st = "pin";
    return this.play(items, "pin");
  }

  private farewell(
    items: readonly PromptItem[],
    reason: RetrievalFlowEvents["done"]["reason"],
  ): RetrievalState {
    this.clearTimer();
    this.farewellReason = reason;
    return this.play(items, "farewell");
  }

  private async<T>(p: Promise<T>, toEvent: (v: T) => RetrievalEvent): void {
    p.then(
      (v) => this.handle(toEvent(v)),
      (error: unknown) => this.handle({ type: "failed", error }),
    );
  }

  private play(items: readonly PromptItem[], next: RetrievalState): RetrievalState {
    this.prompts.play(items, () => this.handle({ type: "promptDone" }));
    return next;
  }

  private clearTimer(): void {
    this.opts.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
