// Waiting for a machine that is booting (a freshly flashed Pi takes a minute or two): try to open a
// session with exponential backoff until the budget is spent, then fail with every attempt counted.
import { type BackoffPolicy, defaultBackoff, nextDelay } from "./backoff.ts";
import { SshUnreachableError } from "./ssh-errors.ts";
import { SshSession, type SshTarget } from "./ssh-session.ts";

export interface WaitOptions {
  backoff?: BackoffPolicy;
  /** Injected for tests; real time by default. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitForSsh(target: SshTarget, options: WaitOptions = {}): Promise<SshSession> {
  const policy = options.backoff ?? defaultBackoff;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const started = now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await SshSession.connect(target);
    } catch (err) {
      const elapsed = now() - started;
      const delay = nextDelay(policy, attempt, elapsed);
      if (delay === undefined) {
        throw new SshUnreachableError(target.host, attempt + 1, elapsed / 1000, (err as Error).message);
      }
      await sleep(delay);
    }
  }
}
