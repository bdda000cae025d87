// A small typed event emitter: the event map fixes each event's payload type at compile time.

export type Listener<T> = (payload: T) => void;

/** Events is a map from event name to payload type, e.g. `{ close: void; data: Buffer }`. */
export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();
  private errorHandler: ((err: unknown, event: keyof Events) => void) | undefined;

  /** Subscribes; returns a function that unsubscribes (idempotent). */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    set.delete(listener as Listener<never>);
    if (set.size === 0) this.listeners.delete(event);
  }

  /**
   * Calls every listener synchronously in subscription order. A throwing listener does not stop
   * the others: the error goes to the handler set with onListenerError, or is rethrown after all
   * listeners ran when there is none.
   */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    let firstError: { err: unknown } | undefined;
    for (const l of [...set]) {
      try {
        (l as Listener<Events[K]>)(payload);
      } catch (err) {
        if (this.errorHandler) this.errorHandler(err, event);
        else firstError ??= { err };
      }
    }
    if (firstError) throw firstError.err;
  }

  listenerCount<K extends keyof Events>(event: K): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  removeAllListeners(): void {
    this.listeners.clear();
  }

  onListenerError(handler: (err: unknown, event: keyof Events) => void): void {
    this.errorHandler = handler;
  }
}
