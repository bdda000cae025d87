// The digital receptionist of one call, as a state machine table. It plays a menu's greeting
// (a digit interrupts it: barge-in), collects digits with first-digit and inter-digit timeouts
// on the injected Clock, resolves them (digit-matcher.ts), retries on invalid input or silence
// (replaying the greeting, after an "invalid option" prompt for invalid input), follows
// sub-menus with a depth guard, applies business hours, and ends with one typed decision.
// Wiring to a call (DTMF in, prompts out, routing the decision) is the caller's job.
import { type Clock, StateError, type TimerHandle, TypedEmitter } from "../../base/index.ts";
import { PromptChannel } from "../../prompts/prompt-channel.ts";
import type { PromptItem, PromptPlayer } from "../../prompts/prompt-player.ts";
import { isOpen } from "./business-hours.ts";
import { matchDigits } from "./digit-matcher.ts";
import type { Destination, IvrMenuConfig } from "./ivr-menu-config.ts";

export type IvrState = "idle" | "greeting" | "collecting" | "done";

export type IvrEvent =
  | { type: "digit"; digit: string }
  | { type: "greetingDone" }
  | { type: "firstDigitTimeout" }
  | { type: "interDigitTimeout" }
  | { type: "hangup" };

export type IvrHangupReason = "destination" | "caller-hangup" | "menu-loop" | "unknown-menu";

/** Where the call goes: a destination (never an `ivr`: sub-menus are followed here), or hang up. */
export type IvrDecision =
  | { route: Exclude<Destination, { ivr: string } | { hangup: true }> }
  | { hangup: IvrHangupReason };

export interface IvrEngineEvents {
  decision: IvrDecision;
  /** A menu was entered (the entry menu, a sub-menu, or an after-hours menu). */
  menu: string;
  /** Entered digits resolved to nothing. */
  invalid: string;
  transition: { from: IvrState; to: IvrState; event: IvrEvent["type"] };
}

export interface IvrEngineOptions {
  clock: Clock;
  player: PromptPlayer;
  menus: readonly IvrMenuConfig[];
  /** Extension numbers, for dial-by-extension. */
  extensions?: readonly string[];
  /** The site's IANA time zone (business hours). */
  timeZone: string;
  /** Most menus entered in one call before the engine gives up (loop guard); default 8. */
  maxMenus?: number;
  /** Prompt played before the greeting after an invalid entry; default `ivr-invalid-option`. */
  invalidPrompt?: PromptItem;
}

type Handler = (e: IvrEngine, ev: IvrEvent) => IvrState;

/** (state, event) → handler returning the next state; a missing entry is an illegal edge. */
const TABLE: { readonly [S in IvrState]: Partial<Record<IvrEvent["type"], Handler>> } = {
  idle: {
    hangup: (e) => e.finish({ hangup: "caller-hangup" }),
  },
  greeting: {
    digit: (e, ev) => e.bargeIn(ev),
    greetingDone: (e) => e.awaitFirstDigit(),
    hangup: (e) => e.finish({ hangup: "caller-hangup" }),
  },
  collecting: {
    digit: (e, ev) => e.addDigit(ev),
    firstDigitTimeout: (e) => e.noInput(),
    interDigitTimeout: (e) => e.resolve(true),
    hangup: (e) => e.finish({ hangup: "caller-hangup" }),
  },
  done: {
    // Late input after the decision is harmless.
    digit: () => "done",
    greetingDone: () => "done",
    firstDigitTimeout: () => "done",
    interDigitTimeout: () => "done",
    hangup: () => "done",
  },
};

export class IvrEngine extends TypedEmitter<IvrEngineEvents> {
  private st: IvrState = "idle";
  private menu: IvrMenuConfig | undefined;
  private readonly menus: Map<string, IvrMenuConfig>;
  private digits = "";
  private failures = 0;
  private menusEntered = 0;
  private readonly prompts: PromptChannel;
  private timer: TimerHandle | undefined;
  private result: IvrDecision | undefined;
  private readonly queue: IvrEvent[] = [];
  private dispatching = false;

  constructor(private readonly opts: IvrEngineOptions) {
    super();
    this.prompts = new PromptChannel(opts.player);
    this.menus = new Map(opts.menus.map((m) => [m.name, m]));
  }

  get state(): IvrState {
    return this.st;
  }

  get decision(): IvrDecision | undefined {
    return this.result;
  }

  get currentMenu(): string | undefined {
    return this.menu?.name;
  }

  /** Enters the entry menu (business hours first). */
  start(menuName: string): void {
    if (this.st !== "idle") throw new StateError("IVR already started", this.st, "start");
    this.dispatching = true;
    try {
      this.st = this.enterMenu(menuName);
    } finally {
      this.dispatching = false;
    }
    this.drain();
  }

  /**
   * Feeds one event through the table. Events raised while a handler runs (a player that
   * completes synchronously, a listener feeding a digit) are queued and run after it.
   */
  handle(ev: IvrEvent): void {
    this.queue.push(ev);
    if (!this.dispatching) this.drain();
  }

  private drain(): void {
    this.dispatching = true;
    try {
      for (let ev = this.queue.shift(); ev; ev = this.queue.shift()) {
        const from = this.st;
        const handler = TABLE[from][ev.type];
        if (!handler) {
          this.queue.length = 0;
          throw new StateError("illegal IVR transition", from, ev.type);
        }
        const to = handler(this, ev);
        this.st = to;
        if (from !== to) this.emit("transition", { from, to, event: ev.type });
      }
    } finally {
      this.dispatching = false;
    }
  }

  /** Convenience for DTMF sources. */
  digit(d: string): void {
    this.handle({ type: "digit", digit: d });
  }

  /** Stops prompts and timers; a call that is still in the menu counts as hung up. Idempotent. */
  close(): void {
    if (this.st !== "done") this.handle({ type: "hangup" });
  }

  // ── actions (called from the table) ────────────────────────────────────────────────────

  /** @internal */ bargeIn(ev: IvrEvent): IvrState {
    this.prompts.stop();
    return this.addDigit(ev);
  }

  /** @internal */ awaitFirstDigit(): IvrState {
    this.prompts.forget();
    this.digits = "";
    this.arm("firstDigitTimeout", this.menu!.firstDigitTimeoutMs);
    return "collecting";
  }

  /** @internal */ addDigit(ev: IvrEvent): IvrState {
    if (ev.type !== "digit") return this.st;
    this.clearTimer();
    // `#` terminates input, unless the menu uses it in an option (`"#"`, `"1#"`).
    const candidate = this.digits + ev.digit;
    const usesPound = Object.keys(this.menu!.options).some((k) => k.startsWith(candidate));
    if (ev.digit === "#" && !usesPound) return this.resolve(true);
    this.digits += ev.digit;
    return this.resolve(false);
  }

  /** @internal */ resolve(final: boolean): IvrState {
    const menu = this.menu!;
    const m = matchDigits(menu, this.digits, this.opts.extensions ?? [], final);
    if (m.kind === "wait") {
      this.arm("interDigitTimeout", menu.interDigitTimeoutMs);
      return "collecting";
    }
    if (m.kind === "match") return this.route(m.destination);
    this.emit("invalid", this.digits);
    return this.retry(menu.onInvalid, [this.opts.invalidPrompt ?? "ivr-invalid-option", menu.greeting]);
  }

  /** @internal */ noInput(): IvrState {
    return this.retry(this.menu!.onTimeout, [this.menu!.greeting]);
  }

  /** @internal */ finish(d: IvrDecision): IvrState {
    this.prompts.stop();
    this.clearTimer();
    this.result = d;
    this.st = "done";
    this.emit("decision", d);
    return "done";
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────

  private retry(finalDestination: Destination | undefined, replay: readonly PromptItem[]): IvrState {
    this.clearTimer();
    this.digits = "";
    this.failures++;
    if (this.failures > this.menu!.retries) return this.route(finalDestination ?? { hangup: true });
    return this.play(replay);
  }

  private route(d: Destination): IvrState {
    if ("ivr" in d) return this.enterMenu(d.ivr);
    if ("hangup" in d) return this.finish({ hangup: "destination" });
    return this.finish({ route: d });
  }

  private enterMenu(name: string): IvrState {
    this.prompts.stop();
    this.clearTimer();
    const menu = this.menus.get(name);
    if (!menu) return this.finish({ hangup: "unknown-menu" });
    // Loop guard: a → b → a … or a deep chain of sub-menus ends the call.
    if (++this.menusEntered > (this.opts.maxMenus ?? 8)) return this.finish({ hangup: "menu-loop" });
    if (menu.hours && !isOpen(menu.hours, this.opts.clock.wallTime(), this.opts.timeZone)) {
      return this.route(menu.hours.afterHours);
    }
    this.menu = menu;
    this.digits = "";
    this.failures = 0;
    this.emit("menu", name);
    return this.play([menu.greeting]);
  }

  private play(items: readonly PromptItem[]): IvrState {
    this.prompts.stop();
    this.st = "greeting";
    // Only the current request's natural end moves the machine; a stop() is our own doing.
    this.prompts.play(items, () => this.handle({ type: "greetingDone" }));
    return "greeting";
  }

  private arm(type: "firstDigitTimeout" | "interDigitTimeout", ms: number): void {
    this.clearTimer();
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = undefined;
      this.handle({ type });
    }, ms);
  }

  private clearTimer(): void {
    this.opts.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
