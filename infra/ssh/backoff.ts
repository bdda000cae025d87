// Retry delays: exponential from `initialMs`, capped at `maxMs`, within a total budget. Pure, so the
// schedule is tested without sleeping.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Total time allowed for all attempts. */
  budgetMs: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 500, maxMs: 10_000, factor: 2, budgetMs: 300_000 };

/** The delay before attempt `n + 1` (n counts from 0), or undefined once `elapsedMs` spends the budget. */
export function nextDelay(policy: BackoffPolicy, attempt: number, elapsedMs: number): number | undefined {
  const delay = Math.min(policy.maxMs, policy.initialMs * policy.factor ** attempt);
  if (elapsedMs + delay > policy.budgetMs) return undefined;
  return delay;
}
