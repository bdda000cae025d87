// Call transfer (RFC 5589) for calls through the B2BUA. A phone on one side of a call (the
// transferor) sends REFER; the PBX, as the transferee's agent, acts on it:
//  - blind: Refer-To names a party; the PBX calls it on the transferor's media leg, reports
//    progress to the transferor in NOTIFY sipfrag (RFC 3515 §2.4.4), and bridges it to the
//    transferee when it answers;
//  - attended: Refer-To carries Replaces (RFC 3891) naming the transferor's other call through
//    this PBX; the far party of that call is moved onto this call's media leg (re-INVITE) and
//    both of the transferor's legs end.
import { type Clock, Logger, StateError, type TimerHandle } from "../../base/index.ts";
import type { DialogLayer, InviteSession, ReferEvent, ReferNotifier } from "../../sip/dialog/index.ts";
import type { B2bua } from "../calls/b2bua.ts";
import type { Call, SideId } from "../calls/call.ts";
import type { CallRouter, ContactLookup, ContactTarget, RouteDecision } from "../calls/call-deps.ts";
import { CallSide } from "../calls/call-side.ts";

export interface TransferOptions {
  b2bua: Pick<B2bua, "findBySession" | "events">;
  dialogs: Pick<DialogLayer, "findReplaced">;
  router: CallRouter;
  contacts: ContactLookup;
  clock: Clock;
  /** How long the transfer target may ring (default 30 s). */
  ringTimeoutMs?: number;
  /**
   * RFC 5589 §6.1: the transferor ends its dialog after the final NOTIFY; if it has not after
   * this long, the PBX sends the BYE (default 5 s).
   */
  transferorByeMs?: number;
  /** REFER to a conference room's URI moves the referee into the room (three-way calling). */
  conference?: { referIntoRoom(call: Call, side: SideId, ev: ReferEvent, room: string): boolean };
  logger?: Logger;
}

export type TransferOutcome =
  | { kind: "blind"; ok: boolean; status: number }
  | { kind: "attended"; ok: boolean; status: number };

/** Watches every call's REFERs. close() stops watching. */
export class TransferService {
  private readonly log: Logger;
  private readonly offs: Array<() => void> = [];
  private readonly timers = new Set<TimerHandle>();
  /** Resolved per REFER handled (tests and diagnostics). */
  onOutcome: ((o: TransferOutcome) => void) | undefined;

  constructor(private readonly o: TransferOptions) {
    this.log = (o.logger ?? Logger.silent()).child({ part: "transfer" });
    this.offs.push(
      o.b2bua.events.on("call", (call) => {
        call.events.on("refer", ({ side, event }) => {
          this.onRefer(call, side, event).catch((err: unknown) => this.log.error("transfer failed", { err }));
        });
      }),
    );
  }

  private async onRefer(call: Call, side: SideId, ev: ReferEvent): Promise<void> {
    if (ev.replaces) await this.attended(call, side, ev);
    else await this.blind(call, side, ev);
  }

  // ───────────────────────────── blind ─────────────────────────────

  private async blind(call: Call, side: SideId, ev: ReferEvent): Promise<void> {
    const uri = ev.target;
    const user = uri.type === "sip" ? (uri.user ?? "") : "";
    const decision: RouteDecision = call.side(side)
      ? this.o.router.route(user, call.caller)
      : { kind: "reject", status: 481 };
    if (decision.kind === "conference" && this.o.conference?.referIntoRoom(call, side, ev, decision.room)) {
      this.onOutcome?.({ kind: "blind", ok: true, status: 200 });
      return;
    }
    if (decision.kind !== "extension") {
      // RFC 3515 §2.4.2: a REFER the PBX will not act on is refused outright.
      const status = decision.kind === "reject" ? decision.status : 488;
      ev.reject(status);
      this.onOutcome?.({ kind: "blind", ok: false, status });
      return;
    }
    const notifier = ev.accept(); // RFC 3515 §2.4.2 + §2.4.4: 202, then NOTIFY 100 Trying
    const transferor = call.detach(side);
    if (!transferor) return;
    const transferee: SideId = side === "a" ? "b" : "a";
    call.playMusic(transferee); // the transferee waits with music, not silence
    const targets = await this.o.contacts.contacts(decision.user);
    const result = await this.ringTarget(call, side, targets, decision.user, notifier);
    if (result.ok) {
      this.byeLater(transferor.session);
    } else if (!transferor.session.terminated && !call.ended) {
      // The target failed: the transferor gets its party back (RFC 5589 §6.1 failure case).
      await call.attach(side, transferor, { renegotiate: false });
    } else {
      call.close();
    }
    this.onOutcome?.({ kind: "blind", ok: result.ok, status: result.status });
  }

  /** Rings the target's contacts in parallel on media leg `leg`; bridges the first answer. */
  private ringTarget(
    call: Call,
    leg: SideId,
    targets: readonly ContactTarget[],
    user: string,
    notifier: ReferNotifier,
  ): Promise<{ ok: boolean; status: number }> {
    const notify = (status: number) => {
      if (notifier.terminated) return;
      notifier.notify(status).catch(() => {});
    };
    if (targets.length === 0 || call.ended) {
      notify(480);
      return Promise.resolve({ ok: false, status: 480 });
    }
    const other = call.side(leg === "a" ? "b" : "a");
    const sdp = call.newLegSdp(leg);
    const offer = sdp.offer(other ? [other.law] : []);
    return new Promise((resolve) => {
      const forks = new Map<InviteSession, ContactTarget>();
      const failures: number[] = [];
      let done = false;
      let rang = false;
      const finish = (ok: boolean, status: number) => {
        if (done) return;
        done = true;
        this.o.clock.clearTimeout(timer);
        offEnded();
        for (const f of forks.keys()) f.close();
        forks.clear();
        notify(status); // RFC 3515 §2.4.5: the final NOTIFY carries the final status
        resolve({ ok, status });
      };
      const timer = this.o.clock.setTimeout(() => finish(false, 480), this.o.ringTimeoutMs ?? 30_000);
      this.timers.add(timer);
      const offEnded = call.events.on("ended", () => finish(false, 487));
      for (const t of targets) {
        const s = call.invite(t, offer, user);
        forks.set(s, t);
        s.events.on("provisional", (p) => {
          if (!rang && p.status >= 180) {
            rang = true;
            notify(180);
          }
        });
        s.events.on("answered", (a) => {
          if (done || !forks.delete(s)) {
            s.close();
            return;
          }
          const side = new CallSide(
            s,
            sdp,
            user,
            t.source?.address ?? (t.uri.type === "sip" ? t.uri.host : undefined),
          );
          if (!call.applyAnswer(leg, side, a.body, side.signallingAddress)) {
            s.close();
            finish(false, 488);
            return;
          }
          call
            .attach(leg, side, { renegotiate: false })
            .then((ok) => {
              if (ok) finish(true, 200);
              else {
                s.close();
                finish(false, 500);
              }
            })
            .catch(() => finish(false, 500));
        });
        s.events.on("terminated", (term) => {
          if (!forks.delete(s) || done) return;
          failures.push(term.status ?? 480);
          if (forks.size === 0) finish(false, failures.every((x) => x === 486) ? 486 : (failures[0] ?? 480));
        });
      }
    });
  }

  // ───────────────────────────── attended ─────────────────────────────

  private async attended(call: Call, side: SideId, ev: ReferEvent): Promise<void> {
    const r = ev.replaces!;
    // RFC 3891 §3: the dialog Replaces names, at the PBX (the transferor's leg of its other call).
    const found = this.o.dialogs.findReplaced(r);
    const other = found.ok ? this.o.b2bua.findBySession(found.session) : undefined;
    if (!found.ok || !other || other.call === call || other.call.state !== "answered") {
      ev.reject(found.ok ? 481 : found.status);
      this.onOutcome?.({ kind: "attended", ok: false, status: found.ok ? 481 : found.status });
      return;
    }
    const notifier = ev.accept();
    const call2 = other.call;
    const farSideId: SideId = other.side === "a" ? "b" : "a";
    const far = call2.detach(farSideId);
    const transferor = call.detach(side);
    if (!far || !transferor) {
      if (!notifier.terminated) notifier.notify(481).catch(() => {});
      return;
    }
    // The far party moves onto this call's media leg: one re-INVITE toward the new relay port.
    let ok = false;
    try {
      ok = await call.attach(side, far, { renegotiate: true });
    } catch (err) {
      if (!(err instanceof StateError)) throw err;
    }
    if (!notifier.terminated) notifier.notify(ok ? 200 : 503).catch(() => {});
    if (ok) {
      call2.close(); // the transferor's leg of the consultation call gets BYE, its media is freed
      this.byeLater(transferor.session);
    } else {
      far.session.close();
      call2.close();
      if (!transferor.session.terminated) await call.attach(side, transferor, { renegotiate: false });
      else call.close();
    }
    this.onOutcome?.({ kind: "attended", ok, status: ok ? 200 : 503 });
  }

  /** RFC 5589 §6.1: the transferor should hang up after the final NOTIFY; else the PBX does. */
  private byeLater(session: InviteSession): void {
    const h = this.o.clock.setTimeout(() => {
      this.timers.delete(h);
      session.close();
    }, this.o.transferorByeMs ?? 5_000);
    this.timers.add(h);
  }

  /** Idempotent. */
  close(): void {
    for (const off of this.offs.splice(0)) off();
    for (const h of this.timers) this.o.clock.clearTimeout(h);
    this.timers.clear();
  }
}
