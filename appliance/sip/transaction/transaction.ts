// What the four transaction kinds share: a table-driven state machine, named timers on an
// injected clock, an event queue (so an action may raise another event without re-entering
// the machine), typed events for the TU, and an idempotent close().
import {
  type Clock,
  type Logger,
  type TimerHandle,
  TransactionTimeoutError,
  TransportError,
  TypedEmitter,
} from "../../base/index.ts";
import type { SipRequest, SipResponse } from "../message/index.ts";
import type { SipSender } from "../transport/index.ts";
import { type Table, transition } from "./fsm.ts";
import type { TimerConfig } from "./timers.ts";

/** Services a transaction needs, injected by the transaction layer (or a test). */
export interface TransactionDeps {
  transport: SipSender;
  clock: Clock;
  timers: TimerConfig;
  logger: Logger;
}

export interface ClientTransactionEvents {
  /** A response the TU must see (RFC 3261 §17.1.1.2, §17.1.2.2; 2xx retransmissions, RFC 6026). */
  response: SipResponse;
  timeout: TransactionTimeoutError;
  transportError: TransportError;
  terminated: undefined;
}

export interface ServerTransactionEvents {
  /** An ACK absorbed by an INVITE server transaction in Accepted (RFC 6026 §8.5). */
  ack: SipRequest;
  timeout: TransactionTimeoutError;
  transportError: TransportError;
  terminated: undefined;
}

export abstract class Transaction<
  S extends string,
  E extends string,
  A extends string,
  Ev extends { terminated: undefined },
> {
  readonly events = new TypedEmitter<Ev>();
  private current: S;
  private readonly timerHandles = new Map<string, TimerHandle>();
  private readonly queue: E[] = [];
  private running = false;

  protected constructor(
    /** The matching key, unique in the transaction layer. */
    readonly id: string,
    protected readonly table: Table<S, E, A>,
    initial: S,
    protected readonly deps: TransactionDeps,
  ) {
    this.current = initial;
    this.events.onListenerError((err) => this.deps.logger.error("transaction listener threw", { id, err }));
  }

  get state(): S {
    return this.current;
  }

  get terminated(): boolean {
    return this.current === "terminated";
  }

  /** Names of the timers currently running (for tests and diagnostics). */
  get runningTimers(): string[] {
    return [...this.timerHandles.keys()].sort();
  }

  /**
   * Applies an event through the table. Throws StateError for an edge the table lacks (the
   * guard); events raised while actions run are queued and applied in order afterwards.
   */
  protected fire(event: E): void {
    this.queue.push(event);
    if (this.running) return;
    this.running = true;
    try {
      for (let e = this.queue.shift(); e !== undefined; e = this.queue.shift()) this.step(e);
    } finally {
      this.running = false;
      this.queue.length = 0;
    }
  }

  /** For events from the network or async sends: ignored (logged) when the table has no edge. */
  protected offer(event: E): boolean {
    if (this.terminated || !this.table[this.current][event]) {
      this.deps.logger.debug("transaction event ignored", { id: this.id, state: this.current, event });
      return false;
    }
    this.fire(event);
    return true;
  }

  private step(event: E): void {
    const edge = transition(this.table, this.current, event);
    const from = this.current;
    this.current = edge.next;
    this.deps.logger.trace("transaction transition", { id: this.id, from, event, to: edge.next });
    for (const action of edge.actions) this.act(action);
    if (edge.next === "terminated" && from !== "terminated") this.cleanup();
  }

  protected abstract act(action: A): void;

  /** Starts (or restarts) a named timer that raises event when it fires. Zero fires at once. */
  protected startTimer(name: string, ms: number, event: E): void {
    this.stopTimer(name);
    if (ms <= 0) {
      this.fire(event);
      return;
    }
    const handle = this.deps.clock.setTimeout(() => {
      this.timerHandles.delete(name);
      if (!this.terminated) this.fire(event);
    }, ms);
    this.timerHandles.set(name, handle);
  }

  protected stopTimer(name: string): void {
    const h = this.timerHandles.get(name);
    if (h) {
      this.deps.clock.clearTimeout(h);
      this.timerHandles.delete(name);
    }
  }

  /** Runs a send; a failure raises transportError (RFC 3261 §17.1.4, §17.2.4). */
  protected dispatch(send: () => Promise<void>, onError: E): void {
    let p: Promise<void>;
    try {
      p = send();
    } catch (err) {
      p = Promise.reject(err);
    }
    p.catch((err: unknown) => {
      this.lastTransportError =
        err instanceof TransportError ? err : new TransportError("send failed", undefined, err);
      this.offer(onError);
    });
  }

  protected lastTransportError: TransportError = new TransportError("send failed");

  protected timeoutError(timer: string): TransactionTimeoutError {
    return new TransactionTimeoutError(timer, this.id);
  }

  private cleanup(): void {
    for (const h of this.timerHandles.values()) this.deps.clock.clearTimeout(h);
    this.timerHandles.clear();
    this.events.emit("terminated", undefined as Ev["terminated"]);
  }

  /** Ends the transaction now, without further messages (idempotent; used on shutdown). */
  close(): void {
    if (this.terminated) return;
    this.current = "terminated" as S;
    this.cleanup();
  }
}
