// Voicemail PIN checks with lockout: after maxFailures wrong PINs within windowMs the box is
// locked for lockoutMs. The state is persisted durably per box so a restart (or a crash
// provoked by an attacker) does not reset the count. PINs are compared in constant time.
import { createHash, timingSafeEqual } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Clock } from "../../base/index.ts";
import { writeFileDurable } from "../../store/index.ts";

export type PinResult = "ok" | "wrong" | "locked";

export interface PinPolicy {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
}

/** The lab's rule: `pinLockoutAfter` wrong PINs lock the box for 15 minutes. */
export function pinPolicyFromLab(pinLockoutAfter: number): PinPolicy {
  return { maxFailures: pinLockoutAfter, windowMs: 15 * 60_000, lockoutMs: 15 * 60_000 };
}

interface PinState {
  /** Wall-clock ms of recent failures (persisted: monotonic time does not survive a reboot). */
  failures: number[];
  lockedUntil: number;
}

/** Constant-time comparison of two PINs of any length (digests hide the length too). */
export function pinEquals(entered: string, expected: string): boolean {
  const a = createHash("sha256").update(entered, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}

export class PinGuard {
  private readonly cache = new Map<string, PinState>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly policy: PinPolicy = { maxFailures: 3, windowMs: 5 * 60_000, lockoutMs: 5 * 60_000 },
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** Checks a PIN for a box; a locked box answers `locked` without looking at the PIN. */
  verify(box: string, entered: string, expected: string): Promise<PinResult> {
    return this.serial(box, async () => {
      const now = this.clock.wallTime().getTime();
      const st = await this.state(box);
      if (st.lockedUntil > now) return "locked";
      if (pinEquals(entered, expected)) {
        if (st.failures.length > 0 || st.lockedUntil !== 0)
          await this.save(box, { failures: [], lockedUntil: 0 });
        return "ok";
      }
      const failures = [...st.failures.filter((t) => t > now - this.policy.windowMs), now];
      const locked = failures.length >= this.policy.maxFailures;
      await this.save(box, {
        failures: locked ? [] : failures,
        lockedUntil: locked ? now + this.policy.lockoutMs : 0,
      });
      return locked ? "locked" : "wrong";
    });
  }

  /** Milliseconds the box stays locked (0 when not locked). */
  async lockedFor(box: string): Promise<number> {
    const st = await this.state(box);
    return Math.max(0, st.lockedUntil - this.clock.wallTime().getTime());
  }

  private file(box: string): string {
    if (!/^[0-9A-Za-z_+-]{1,64}$/.test(box)) throw new RangeError(`bad box name ${box}`);
    return join(this.dir, `pin-${box}.json`);
  }

  private async state(box: string): Promise<PinState> {
    const cached = this.cache.get(box);
    if (cached) return cached;
    let st: PinState = { failures: [], lockedUntil: 0 };
    try {
      const v = JSON.parse(await readFile(this.file(box), "utf8")) as Partial<PinState>;
      st = {
        failures: Array.isArray(v.failures)
          ? v.failures.filter((x): x is number => typeof x === "number")
          : [],
        lockedUntil: typeof v.lockedUntil === "number" ? v.lockedUntil : 0,
      };
    } catch {
      // no state yet (or unreadable: start clean, the next failure rewrites it)
    }
    this.cache.set(box, st);
    return st;
  }

  private async save(box: string, st: PinState): Promise<void> {
    await writeFileDurable(this.file(box), JSON.stringify(st));
    this.cache.set(box, st);
  }

  /** One check at a time per box, so concurrent calls cannot dodge the count. */
  private serial<T>(box: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(box) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.locks.set(
      box,
      next.catch(() => {}),
    );
    return next;
  }
}
