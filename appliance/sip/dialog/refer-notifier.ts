// The notifier side of the implicit subscription a REFER creates (RFC 3515 §2.4.4-§2.4.7): NOTIFY
// requests with message/sipfrag bodies reporting the referred request's progress, the last one
// with Subscription-State: terminated;reason=noresource.
import { StateError } from "../../base/index.ts";
import type { Body } from "./body.ts";
import type { RequestOutcome } from "./request-outcome.ts";
import { sipfragBody } from "./sipfrag.ts";

export type NotifySender = (headers: Array<[string, string]>, body: Body) => Promise<RequestOutcome>;

export class ReferNotifier {
  private ended = false;

  constructor(
    private readonly send: NotifySender,
    /** The REFER's CSeq number: the Event id parameter (RFC 3515 §2.4.6). */
    readonly id: number,
    /** Subscription duration announced while active, in seconds. */
    private readonly expires = 60,
  ) {}

  get terminated(): boolean {
    return this.ended;
  }

  /**
   * Sends a NOTIFY whose body is "SIP/2.0 status reason". A final status (>= 200) terminates
   * the subscription (RFC 3515 §2.4.7); notifying after that throws StateError.
   */
  notify(status: number, reason?: string): Promise<RequestOutcome> {
    if (this.ended) throw new StateError("refer subscription terminated", "terminated", "notify");
    const final = status >= 200;
    if (final) this.ended = true;
    const headers: Array<[string, string]> = [
      // RFC 3515 §2.4.6: the id parameter ties the NOTIFY to its REFER.
      ["Event", `refer;id=${this.id}`],
      ["Subscription-State", final ? "terminated;reason=noresource" : `active;expires=${this.expires}`],
    ];
    return this.send(headers, sipfragBody(status, reason));
  }

  /** Ends the subscription silently (its dialog is gone, so no NOTIFY can be sent). Idempotent. */
  close(): void {
    this.ended = true;
  }
}
