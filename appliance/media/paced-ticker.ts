// A periodic tick scheduled by absolute time: tick k is due at start + k × period, and each
// timer is set for (due − now), so timer lateness never accumulates (chaining 20 ms delays
// drifts by the callback latency every tick). If the process stalls for longer than maxLateTicks,
// the missed ticks are skipped rather than fired in a burst; the tick index still counts them,
// so RTP timestamps derived from it keep following real time.
import type { Clock, TimerHandle } from "../base/index.ts";

export interface PacedTickerOptions {
  clock: Clock;
  periodMs: number;
  /** Ticks that may be fired back to back to catch up after a stall (default 3). */
  maxLateTicks?: number;
  /** Called with the tick index (0, 1, 2, … possibly skipping after a stall). */
  onTick: (index: number) => void;
}

export class PacedTicker {
  private startAt = 0;
  private index = 0;
  private timer: TimerHandle | undefined;
  private running = false;
  /** Ticks skipped because the process stalled. */
  skipped = 0;

  constructor(private readonly opts: PacedTickerOptions) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startAt = this.opts.clock.now();
    this.index = 0;
    this.schedule();
  }

  /** Idempotent. */
  stop(): void {
    this.running = false;
    this.opts.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const due = this.startAt + this.index * this.opts.periodMs;
    this.timer = this.opts.clock.setTimeout(() => this.fire(), due - this.opts.clock.now());
  }

  private fire(): void {
    if (!this.running) return;
    const now = this.opts.clock.now();
    const behind = Math.floor((now - this.startAt) / this.opts.periodMs) - this.index;
    const maxLate = this.opts.maxLateTicks ?? 3;
    if (behind > maxLate) {
      this.skipped += behind - maxLate;
      this.index += behind - maxLate;
    }
    // Fire every tick that is due now (normally exactly one).
    while (this.running && this.startAt + this.index * this.opts.periodMs <= now) {
      const i = this.index++;
      this.opts.onTick(i);
    }
    if (this.running) this.schedule();
  }
}
