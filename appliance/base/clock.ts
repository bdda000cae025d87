// Time, injected: every stateful object takes a Clock so tests can drive protocol timers by hand.

/** An opaque handle returned by {@link Clock.setTimeout}. */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since an arbitrary, monotonic epoch. */
  now(): number;
  /** Wall-clock time, for Date headers and logs. */
  wallTime(): Date;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Idempotent: clearing a fired or unknown handle does nothing. */
  clearTimeout(handle: TimerHandle | undefined): void;
}

/** The real clock: performance.now() for intervals, node timers underneath. */
export class SystemClock implements Clock {
  private nextId = 1;
  private readonly timers = new Map<number, NodeJS.Timeout>();

  now(): number {
    return performance.now();
  }

  wallTime(): Date {
    return new Date();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const t = setTimeout(
      () => {
        this.timers.delete(id);
        fn();
      },
      Math.max(0, ms),
    );
    // A pending protocol timer must not keep the process alive on shutdown.
    t.unref();
    this.timers.set(id, t);
    return { id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (!handle) return;
    const t = this.timers.get(handle.id);
    if (t) {
      clearTimeout(t);
      this.timers.delete(handle.id);
    }
  }

  /** Number of timers still pending (for leak checks). */
  get pending(): number {
    return this.timers.size;
  }
}

interface ManualTimer {
  readonly id: number;
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
}

/**
 * A clock for tests: time moves only when advance() is called; due timers fire in order of
 * due time, then creation order, each seeing now() equal to its own due time.
 */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private seq = 0;
  private readonly timers = new Map<number, ManualTimer>();
  private readonly epochMs: number;

  constructor(startMs = 0, epochMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
    this.epochMs = epochMs;
  }

  now(): number {
    return this.current;
  }

  wallTime(): Date {
    return new Date(this.epochMs + this.current);
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this.current + Math.max(0, ms), seq: this.seq++, fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.timers.delete(handle.id);
  }

  /** Moves time forward by ms, firing every timer that falls due (including ones set meanwhile). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError("ManualClock cannot go backwards");
    const target = this.current + ms;
    for (;;) {
      const next = this.nextDue();
      if (!next || next.due > target) break;
      this.timers.delete(next.id);
      this.current = next.due;
      next.fn();
    }
    this.current = target;
  }

  /** Fires timers until none is left, or until limit timers have fired; returns how many fired. */
  runAll(limit = 10_000): number {
    let fired = 0;
    for (;;) {
      const next = this.nextDue();
      if (!next || fired >= limit) return fired;
      this.advance(next.due - this.current);
      fired++;
    }
  }

  /** Number of timers still pending. */
  get pending(): number {
    return this.timers.size;
  }

  /** Milliseconds until the next timer fires, or undefined. */
  nextTimerIn(): number | undefined {
    const next = this.nextDue();
    return next ? next.due - this.current : undefined;
  }

  private nextDue(): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.timers.values()) {
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
