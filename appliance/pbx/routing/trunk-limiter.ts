// Per-trunk limits, checked before a trunk is used: concurrent calls (lab model `maxCalls`) and
// outbound calls per sliding hour (`callsPerHour`, the toll-fraud brake), on the injected Clock.
// Emergency calls are counted but never refused.
import type { Clock } from "../../base/index.ts";
import type { OutboundCandidate } from "./dial-plan-router.ts";

export interface TrunkLimits {
  maxCalls: number;
  callsPerHour?: number;
}

export interface CallLease {
  readonly trunk: string;
  readonly number: string;
  readonly emergency: boolean;
  /** Idempotent: frees the channel when the call ends. */
  release(): void;
}

export type AcquireResult =
  | { ok: true; lease: CallLease }
  /** RFC 3261 §21.5.4 503 (all channels busy) or 403 (hourly brake). */
  | { ok: false; status: 403 | 503; reason: string };

const HOUR_MS = 3_600_000;

export class TrunkCallLimiter {
  private readonly active = new Map<string, number>();
  private readonly starts = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: (trunk: string) => TrunkLimits | undefined,
  ) {}

  /** Calls in progress on trunk. */
  activeCalls(trunk: string): number {
    return this.active.get(trunk) ?? 0;
  }

  /** Outbound calls started on trunk within the last hour. */
  callsLastHour(trunk: string): number {
    return this.window(trunk).length;
  }

  /** Takes a channel on the first candidate trunk that has capacity. */
  acquire(candidates: readonly OutboundCandidate[], emergency: boolean): AcquireResult {
    let refusal: AcquireResult | undefined;
    for (const c of candidates) {
      const r = this.acquireOne(c, emergency);
      if (r.ok) return r;
      // A 403 (fraud brake) outranks a 503 (busy) in what the caller is told.
      if (!refusal || (r.status === 403 && refusal.ok === false && refusal.status === 503)) refusal = r;
    }
    return refusal ?? { ok: false, status: 503, reason: "No trunk" };
  }

  private acquireOne(c: OutboundCandidate, emergency: boolean): AcquireResult {
    const limits = this.limits(c.trunk);
    if (!limits) return { ok: false, status: 503, reason: `Unknown trunk ${c.trunk}` };
    const active = this.activeCalls(c.trunk);
    const recent = this.window(c.trunk);
    if (!emergency) {
      if (active >= limits.maxCalls) return { ok: false, status: 503, reason: "All trunk channels busy" };
      if (limits.callsPerHour !== undefined && recent.length >= limits.callsPerHour)
        return { ok: false, status: 403, reason: "Hourly call limit reached" };
    }
    this.active.set(c.trunk, active + 1);
    recent.push(this.clock.now());
    let released = false;
    return {
      ok: true,
      lease: {
        trunk: c.trunk,
        number: c.number,
        emergency,
        release: () => {
          if (released) return;
          released = true;
          this.active.set(c.trunk, Math.max(0, this.activeCalls(c.trunk) - 1));
        },
      },
    };
  }

  /** The start times within the sliding hour (older ones dropped). */
  private window(trunk: string): number[] {
    const cutoff = this.clock.now() - HOUR_MS;
    const list = (this.starts.get(trunk) ?? []).filter((t) => t > cutoff);
    this.starts.set(trunk, list);
    return list;
  }
}
