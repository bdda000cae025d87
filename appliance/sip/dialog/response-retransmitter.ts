// RFC 3261 §13.3.1.4: the UAS core retransmits its 2xx to an INVITE, starting at T1 and doubling
// up to T2, until the ACK arrives; after 64*T1 without one it gives up (and the session is
// ended with a BYE by the owner). This runs even over reliable transports: hops beyond the next
// one may be UDP.
import type { Clock, TimerHandle } from "../../base/index.ts";

export class ResponseRetransmitter {
  private handle: TimerHandle | undefined;
  private interval: number;
  private elapsed = 0;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly T1: number,
    private readonly T2: number,
    private readonly resend: () => void,
    private readonly onTimeout: () => void,
  ) {
    this.interval = T1;
  }

  start(): void {
    this.schedule();
  }

  private schedule(): void {
    // RFC 3261 §13.3.1.4: retransmissions cease after 64*T1.
    const remaining = 64 * this.T1 - this.elapsed;
    const wait = Math.min(this.interval, remaining);
    this.handle = this.clock.setTimeout(() => this.fire(wait), wait);
  }

  private fire(waited: number): void {
    this.handle = undefined;
    if (this.stopped) return;
    this.elapsed += waited;
    if (this.elapsed >= 64 * this.T1) {
      this.stopped = true;
      this.onTimeout();
      return;
    }
    this.resend();
    this.interval = Math.min(2 * this.interval, this.T2); // RFC 3261 §13.3.1.4: doubles up to T2
    this.schedule();
  }

  /** The ACK arrived (or the session ended): no more retransmissions. Idempotent. */
  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }

  get active(): boolean {
    return !this.stopped;
  }
}
