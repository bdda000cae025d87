// Keepalives toward the trunk: an OPTIONS ping (RFC 3261 §11) to the registrar every ~25 s.
// Why OPTIONS and not RFC 5626 CRLF/STUN keepalives: RFC 5626 §3.5.1's CRLF form is defined for
// connection-oriented transports, its UDP form is STUN (§4.4.2), which needs a provider that
// demultiplexes STUN on its SIP port and that the registration negotiated outbound ("ob").
// An OPTIONS transaction works with every provider, keeps each NAT's UDP mapping refreshed from
// the inside (each ping leaves through the SIP socket), and its answer proves the path works
// both ways: any response, even 404/405, means alive; Timer F or a transport error means lost.
import type { Clock, Logger, RandomSource, TimerHandle } from "../../base/index.ts";
import type { SipRequest } from "../../sip/index.ts";
import type { ClientTransaction } from "../../sip/transaction/index.ts";
import type { Target } from "../../sip/transport/index.ts";

/** What the trunk needs from the transaction layer (TransactionLayer satisfies it). */
export interface RequestSender {
  sendRequest(req: SipRequest, target: Target): ClientTransaction;
}

export interface KeepaliveOptions {
  clock: Clock;
  random: RandomSource;
  sender: RequestSender;
  logger: Logger;
  intervalMs: number;
  target: () => Target | undefined;
  build: () => SipRequest;
  onLost: (why: string) => void;
  onAlive?: () => void;
}

export class OptionsKeepalive {
  private timer: TimerHandle | undefined;
  private inFlight: ClientTransaction | undefined;
  private running = false;

  constructor(private readonly o: KeepaliveOptions) {}

  get active(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running || this.o.intervalMs <= 0) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight = undefined;
  }

  private schedule(): void {
    if (!this.running) return;
    // RFC 5626 §4.4.1: each keepalive interval is drawn between 80% and 100% of the period,
    // so many clients behind one NAT do not synchronise.
    const r = this.o.random.fill(new Uint8Array(1))[0]! / 255;
    const delay = Math.round(this.o.intervalMs * (0.8 + 0.2 * r));
    this.timer = this.o.clock.setTimeout(() => this.ping(), delay);
  }

  private ping(): void {
    this.timer = undefined;
    const target = this.o.target();
    if (!this.running || !target || this.inFlight) return;
    let tx: ClientTransaction;
    try {
      tx = this.o.sender.sendRequest(this.o.build(), target);
    } catch (err) {
      this.o.logger.warn("keepalive not sent", { err });
      this.schedule();
      return;
    }
    this.inFlight = tx;
    const done = (alive: boolean, why: string): void => {
      if (this.inFlight !== tx) return;
      this.inFlight = undefined;
      if (alive) this.o.onAlive?.();
      else this.o.onLost(why);
      this.schedule();
    };
    tx.events.on("response", (res) => {
      if (res.status >= 200) done(true, "");
    });
    tx.events.on("timeout", () => done(false, "keepalive timed out"));
    tx.events.on("transportError", (e) => done(false, `keepalive transport error: ${e.message}`));
  }
}
