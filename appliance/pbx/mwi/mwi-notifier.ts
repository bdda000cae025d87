// Decides which message-waiting NOTIFYs to send (RFC 3842 with RFC 6665 event framework) when
// a mailbox's counts change. Pure decisions plus a little state on the injected Clock; the
// calls engineer sends the requests:
//   - a phone that SUBSCRIBEd to `message-summary` for its AOR gets in-dialog NOTIFYs with
//     `Subscription-State: active;expires=<remaining>`;
//   - an AOR nobody subscribed for gets an unsolicited NOTIFY (many desk phones expect it),
//     unless disabled for that AOR;
//   - unchanged counts send nothing; a subscription that ends gets a final NOTIFY.
import type { Clock, TimerHandle } from "../../base/index.ts";
import {
  buildMessageSummary,
  MESSAGE_SUMMARY_CONTENT_TYPE,
  MESSAGE_SUMMARY_EVENT,
} from "./message-summary.ts";

export interface BoxCounts {
  new: number;
  saved: number;
}

export interface MwiNotify {
  /** `sip:<box>@<domain>`: the request goes to this AOR's contacts (or inside the dialog). */
  aor: string;
  box: string;
  /** The SUBSCRIBE dialog to send in; absent for an unsolicited NOTIFY. */
  dialogId?: string;
  headers: ReadonlyArray<readonly [string, string]>;
  contentType: string;
  body: string;
}

export interface MwiNotifierOptions {
  clock: Clock;
  /** SIP domain: `sip:<box>@<domain>` is both the AOR and the Message-Account. */
  domain: string;
  /** Whether to send unsolicited NOTIFYs to an AOR without a subscription (default: yes). */
  unsolicited?: (box: string) => boolean;
  /** Called when a subscription expires on its own (the final NOTIFY to send). */
  onExpired?: (notify: MwiNotify) => void;
}

interface Subscription {
  dialogId: string;
  box: string;
  expiresAt: number;
  timer: TimerHandle;
}

export class MwiNotifier {
  private readonly subs = new Map<string, Subscription>();
  private readonly counts = new Map<string, BoxCounts>();

  constructor(private readonly opts: MwiNotifierOptions) {}

  aorOf(box: string): string {
    return `sip:${box}@${this.opts.domain}`;
  }

  /** Accepts (or refreshes) a SUBSCRIBE; returns the NOTIFY to send at once. */
  subscribe(dialogId: string, box: string, expiresSeconds: number): MwiNotify {
    this.opts.clock.clearTimeout(this.subs.get(dialogId)?.timer);
    if (expiresSeconds <= 0) return this.unsubscribe(dialogId, box);
    const timer = this.opts.clock.setTimeout(() => this.expire(dialogId), expiresSeconds * 1000);
    this.subs.set(dialogId, {
      dialogId,
      box,
      expiresAt: this.opts.clock.now() + expiresSeconds * 1000,
      timer,
    });
    // RFC 6665 §4.2.1.2: the notifier sends a NOTIFY immediately after accepting a SUBSCRIBE
    // (also for a refresh), carrying the current state.
    return this.notifyFor(this.subs.get(dialogId)!);
  }

  /** SUBSCRIBE with Expires: 0, or the dialog ended: the final NOTIFY (terminated). */
  unsubscribe(dialogId: string, box?: string): MwiNotify {
    const sub = this.subs.get(dialogId);
    this.opts.clock.clearTimeout(sub?.timer);
    this.subs.delete(dialogId);
    const b = sub?.box ?? box ?? "";
    // RFC 6665 §4.2.1.4: an unsubscribe is answered with a NOTIFY whose state is terminated.
    return this.build(b, dialogId, "terminated;reason=timeout");
  }

  /** Records a box's counts; returns the NOTIFYs to send (none if nothing changed). */
  countsChanged(box: string, counts: BoxCounts): MwiNotify[] {
    const prev = this.counts.get(box);
    this.counts.set(box, { ...counts });
    if (prev && prev.new === counts.new && prev.saved === counts.saved) return [];
    const subs = [...this.subs.values()].filter((s) => s.box === box);
    if (subs.length > 0) return subs.map((s) => this.notifyFor(s));
    if (this.opts.unsolicited && !this.opts.unsolicited(box)) return [];
    // No subscription: an unsolicited NOTIFY (RFC 3842 §4 leaves room for it; phones need it).
    return [this.build(box, undefined, "active")];
  }

  /** Active subscription count (for metrics and leak checks). */
  get subscriptions(): number {
    return this.subs.size;
  }

  /** Cancels every timer. Idempotent. */
  close(): void {
    for (const s of this.subs.values()) this.opts.clock.clearTimeout(s.timer);
    this.subs.clear();
  }

  private expire(dialogId: string): void {
    const sub = this.subs.get(dialogId);
    if (!sub) return;
    this.subs.delete(dialogId);
    // RFC 6665 §4.2.2: when a subscription expires the notifier sends a terminated NOTIFY.
    this.opts.onExpired?.(this.build(sub.box, dialogId, "terminated;reason=timeout"));
  }

  private notifyFor(sub: Subscription): MwiNotify {
    const remaining = Math.max(0, Math.ceil((sub.expiresAt - this.opts.clock.now()) / 1000));
    // RFC 6665 §4.2.2: active NOTIFYs carry the remaining duration in expires.
    return this.build(sub.box, sub.dialogId, `active;expires=${remaining}`);
  }

  private build(box: string, dialogId: string | undefined, state: string): MwiNotify {
    const c = this.counts.get(box) ?? { new: 0, saved: 0 };
    const body = buildMessageSummary({ account: this.aorOf(box), voice: { new: c.new, old: c.saved } });
    const headers: Array<readonly [string, string]> = [
      // RFC 3842 §3: the event package name is message-summary.
      ["Event", MESSAGE_SUMMARY_EVENT],
      // RFC 6665 §8.2.3: every NOTIFY carries Subscription-State.
      ["Subscription-State", state],
      ["Content-Type", MESSAGE_SUMMARY_CONTENT_TYPE],
    ];
    const n: MwiNotify = {
      aor: this.aorOf(box),
      box,
      headers,
      contentType: MESSAGE_SUMMARY_CONTENT_TYPE,
      body,
    };
    return dialogId === undefined ? n : { ...n, dialogId };
  }
}
