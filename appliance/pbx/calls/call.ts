// A call through the B2BUA: the caller's INVITE session (side "a") bridged to the callee's
// (side "b") with the media anchored on one relay session (leg "a" faces the caller, leg "b"
// the callee). Forks the INVITE to every contact of the callee (first 2xx wins), relays early
// media, absorbs hold with music on hold (or relays it across the bridge), and writes one CDR.
import {
  type Clock,
  type IdSource,
  Logger,
  SipFailure,
  StateError,
  type TimerHandle,
  TypedEmitter,
} from "../../base/index.ts";
import { type Direction, effectiveDirection, primaryAudio } from "../../sdp/index.ts";
import type {
  AnsweredEvent,
  Body,
  DialogLayer,
  InviteSession,
  OfferEvent,
  ProvisionalEvent,
  ReferEvent,
  Termination,
} from "../../sip/dialog/index.ts";
import { formatNameAddr, type NameAddr, sipUri } from "../../sip/message/index.ts";
import { type CallDetailRecord, type CallOutcome, type CdrSink, outcomeOfStatus } from "../cdr/cdr-record.ts";
import type { HoldChange } from "../hold/hold-state.ts";
import type { MusicOnHold } from "../hold/music-on-hold.ts";
import type { CallerIdentity, CallMediaSession, ContactTarget, MediaLeg } from "./call-deps.ts";
import { CallSide } from "./call-side.ts";
import { type CallState, nextCallState } from "./call-state.ts";
import { CallerLeg } from "./caller-leg.ts";
import { answeredStream, LegSdp, mediaRemote, sdpOf } from "./sdp-bridge.ts";

export type SideId = MediaLeg;

export interface CallEvents {
  ringing: { status: number };
  earlyMedia: undefined;
  answered: { party: string };
  held: { by: SideId };
  resumed: { by: SideId };
  /** A side's phone sent REFER: the transfer feature handles it (or nobody: 603). */
  refer: { side: SideId; event: ReferEvent };
  /** A side now talks to another party (a completed transfer). */
  replaced: { side: SideId; party: string };
  ended: CallDetailRecord;
}

export interface CallOptions {
  id: string;
  clock: Clock;
  ids: IdSource;
  dialogs: Pick<DialogLayer, "invite">;
  media: CallMediaSession;
  mediaAddress: string;
  /** The c= address toward the callee when not mediaAddress (a trunk: the public address). */
  calleeMediaAddress?: string;
  /** The caller's INVITE session (UAS). */
  incoming: InviteSession;
  caller: CallerIdentity;
  /** The IP the caller's INVITE came from. */
  callerSignalling?: string;
  /** The number dialled (the callee's extension). */
  dialled: string;
  /** Host part of the From/To URIs the PBX sends. */
  domain: string;
  /** RFC 3261 §13.3.1.1 ring timeout before 480 (default 30 s). */
  ringTimeoutMs?: number;
  /** Status to the caller on ring timeout (480 Temporarily Unavailable). */
  noAnswerStatus?: number;
  /**
   * The caller's leg when it comes from elsewhere (an IVR that answered it, a ring attempt that
   * nobody answered); default: a fresh leg of `incoming` on leg "a" of `media`.
   */
  leg?: CallerLeg;
  /**
   * Nobody answered (ring timeout, busy, unavailable, declined): may take the caller's leg on
   * (voicemail, the next ring-group member) and return where it went; undefined: the caller
   * gets the failure (or, answered already, a BYE).
   */
  onUnanswered?: (leg: CallerLeg, why: { status: number; outcome: CallOutcome }) => string | undefined;
  moh?: MusicOnHold;
  /** Played to an answered caller while the callee rings (the IVR's transfer). */
  ringback?: MusicOnHold;
  cdr?: CdrSink;
  logger?: Logger;
}

/** RFC 3261 §21.4.7 / §21.6.2: the status the caller gets when every fork failed. */
export function aggregateFailure(statuses: readonly number[]): number {
  if (statuses.length === 0) return 480;
  // RFC 3261 §16.7 (as a forking proxy would): a 6xx is definitive and wins.
  const global = statuses.find((s) => s >= 600);
  if (global !== undefined) return global;
  if (statuses.every((s) => s === 486)) return 486;
  if (statuses.includes(486)) return 486;
  return 480;
}

let sessionCounter = 0;

/** RFC 3326 §2 Reason for the CANCELs of losing forks: the phones show no missed call. */
export const REASON_COMPLETED_ELSEWHERE = 'SIP;cause=200;text="Call completed elsewhere"';

export class Call {
  readonly events = new TypedEmitter<CallEvents>();
  readonly id: string;
  private current: CallState = "routing";
  private readonly sides: Partial<Record<SideId, CallSide>> = {};
  private readonly forks = new Map<InviteSession, ContactTarget>();
  private readonly failures: number[] = [];
  private earlyFork: InviteSession | undefined;
  private ringTimer: TimerHandle | undefined;
  /** The caller's side: its session, relay leg "a" and the answer it got. */
  readonly leg: CallerLeg;
  private readonly startedAt: number;
  private answeredAt: number | undefined;
  private answeredBy: string | undefined;
  private ringingSent = false;
  /** Who the forks ring (the To user). */
  private readonly ringing: string;
  /** Where the caller went when nobody answered (for the CDR). */
  private forwardedTo: string | undefined;
  private record: CallDetailRecord | undefined;
  private readonly log: Logger;
  private readonly bSdp: LegSdp;
  private mediaHandedOver = false;

  constructor(private readonly o: CallOptions) {
    this.id = o.id;
    this.ringing = o.dialled;
    this.startedAt = o.clock.now();
    this.log = (o.logger ?? Logger.silent()).child({ call: o.id });
    this.events.onListenerError((err, event) =>
      this.log.error("call listener threw", { event: String(event), err }),
    );
    this.leg =
      o.leg ??
      new CallerLeg(
        o.incoming,
        o.media,
        new LegSdp(o.mediaAddress, o.media.localPort("a"), this.sessionId()),
        o.callerSignalling,
      );
    const aSide = new CallSide(this.leg.session, this.leg.sdp, o.caller.number, this.leg.signalling);
    aSide.stream = this.leg.stream;
    this.sides.a = aSide;
    this.bSdp = new LegSdp(o.calleeMediaAddress ?? o.mediaAddress, o.media.localPort("b"), this.sessionId());
    aSide.unsubscribe.push(o.incoming.events.on("terminated", (t) => this.onSideEnded("a", aSide, t)));
  }

  get state(): CallState {
    return this.current;
  }

  get ended(): boolean {
    return this.current === "ended";
  }

  get media(): CallMediaSession {
    return this.o.media;
  }

  side(id: SideId): CallSide | undefined {
    return this.sides[id];
  }

  /** Which side a session is on, if it is attached to this call. */
  sideOf(session: InviteSession): SideId | undefined {
    if (this.sides.a?.session === session) return "a";
    if (this.sides.b?.session === session) return "b";
    return undefined;
  }

  /** The CDR, once the call has ended. */
  get cdr(): CallDetailRecord | undefined {
    return this.record;
  }

  private sessionId(): string {
    // RFC 8866 §5.2: a numeric session id, unique per description the appliance sends.
    sessionCounter = (sessionCounter + 1) % 1_000_000;
    return String(Math.floor(this.o.clock.now() / 1000) * 1_000_000 + sessionCounter);
  }

  private fire(event: Parameters<typeof nextCallState>[1]): void {
    this.current = nextCallState(this.current, event);
  }

  // ───────────────────────────── ringing the callee ─────────────────────────────

  /** Sends the INVITE to every target in parallel (the PBX forks, RFC 3261 §16.7 style). */
  ring(targets: readonly ContactTarget[]): void {
    if (this.current !== "routing") throw new StateError("already ringing", this.current, "ring");
    const a = this.o.incoming;
    if (a.terminated) {
      this.finish("cancelled", 487, "caller");
      return;
    }
    // RFC 3264 §6: an offer with no codec we relay is answered 488.
    if (!this.leg.answered && this.leg.offer && this.leg.laws.length === 0) {
      this.rejectCaller(488);
      return;
    }
    if (targets.length === 0) {
      this.rejectCaller(480); // RFC 3261 §21.4.18: nobody registered
      return;
    }
    this.fire("forked");
    if (this.leg.answered && this.o.ringback) {
      // The caller talks to the PBX already (an IVR transfer): it hears ringback from us.
      const a = this.sides.a!;
      this.o.media.setMode("a", "local");
      a.playback = this.o.ringback.play(a.law, (f) => this.o.media.sendLocal("a", f));
    }
    this.sendForks(targets);
  }

  private sendForks(targets: readonly ContactTarget[]): void {
    const offer = this.bSdp.offer(this.leg.laws);
    for (const t of targets) {
      let s: InviteSession;
      try {
        s = this.invite(t, offer, this.ringing);
      } catch (err) {
        this.log.warn("fork not sent", { err });
        this.failures.push(503);
        continue;
      }
      this.forks.set(s, t);
      s.events.on("provisional", (ev) => this.onForkProvisional(s, ev));
      s.events.on("answered", (ev) => this.onForkAnswered(s, ev));
      s.events.on("terminated", (t2) => this.onForkEnded(s, t2));
    }
    if (this.forks.size === 0) {
      this.rejectCaller(aggregateFailure(this.failures));
      return;
    }
    this.ringTimer = this.o.clock.setTimeout(() => this.onRingTimeout(), this.o.ringTimeoutMs ?? 30_000);
  }

  /** Builds and sends an INVITE from the caller's identity to one contact. */
  invite(target: ContactTarget, offer: Body, toUser: string): InviteSession {
    const t = target.trunk;
    if (t) {
      // Through a trunk: its caller-ID form, our public Contact, its credentials (RFC 3261 §22.2).
      return this.o.dialogs.invite({
        to: t.to,
        from: t.from,
        requestUri: target.uri,
        offer,
        headers: t.headers,
        contact: t.contact,
        ...(t.authenticate ? { authenticate: t.authenticate } : {}),
      });
    }
    const caller = this.o.caller;
    const fromUri = sipUri(this.o.domain, { user: caller.number });
    const from: NameAddr = { uri: fromUri, params: new Map() };
    if (caller.displayName) from.displayName = caller.displayName;
    const headers: Array<[string, string]> = [];
    // RFC 3325 §9.1: the asserted identity goes only to trusted peers.
    if (target.trusted) headers.push(["P-Asserted-Identity", formatNameAddr(from)]);
    return this.o.dialogs.invite({
      to: { uri: sipUri(this.o.domain, { user: toUser }), params: new Map() },
      from,
      requestUri: target.uri,
      offer,
      headers,
    });
  }

  private onForkProvisional(fork: InviteSession, ev: ProvisionalEvent): void {
    if (this.current !== "ringing" && this.current !== "early") return;
    if (ev.body && !this.earlyFork && this.leg.offer && !this.leg.answered) {
      const sdp = sdpOf(ev.body);
      const stream = sdp && answeredStream(sdp);
      const remote = sdp && stream && mediaRemote(sdp, stream, signallingOf(this.forks.get(fork)));
      const answer = stream && this.leg.answerFor(lawOf(stream.codec.encoding));
      if (remote && answer) {
        this.earlyFork = fork;
        this.o.media.setRemote("b", remote);
        this.fire("earlyMedia");
        // RFC 3261 §13.3.1.1 / RFC 3960 §3: the caller gets the early media in a 183 with SDP.
        this.safely(() => this.o.incoming.progress(183, { body: answer }));
        this.events.emit("earlyMedia", undefined);
        return;
      }
    }
    if (ev.status >= 180 && !this.ringingSent) {
      this.ringingSent = true;
      this.fire("ringing");
      this.safely(() => this.o.incoming.progress(180));
      this.events.emit("ringing", { status: ev.status });
    }
  }

  private onForkAnswered(fork: InviteSession, ev: AnsweredEvent): void {
    const target = this.forks.get(fork);
    if (this.current === "answered" || this.current === "ended" || !target) {
      fork.close(); // RFC 3261 §13.2.2.4: a second 2xx is ACKed and its dialog ended with BYE
      return;
    }
    this.forks.delete(fork);
    this.clearRingTimer();
    // RFC 3326 §2: the other forks are cancelled "completed elsewhere".
    this.cancelForks([["Reason", REASON_COMPLETED_ELSEWHERE]]);
    const sdp = sdpOf(ev.body);
    const stream = sdp && answeredStream(sdp);
    const remote = sdp && stream && mediaRemote(sdp, stream, signallingOf(target));
    const bSide = new CallSide(fork, this.bSdp, this.ringing, signallingOf(target));
    if (!sdp || !stream) {
      fork.close();
      this.rejectCaller(488); // RFC 3264 §6: no usable answer
      return;
    }
    bSide.stream = stream;
    if (remote) this.o.media.setRemote("b", remote);
    this.sides.b = bSide;
    this.wire("b", bSide);
    const a = this.sides.a!;
    a.stopMusic(); // the ringback of an answered caller
    if (this.leg.answered) {
      this.bridged(a);
      return;
    }
    let answer: Body | undefined;
    if (this.leg.offer) answer = this.leg.answerFor(lawOf(stream.codec.encoding));
    else answer = a.sdp.offer([lawOf(stream.codec.encoding)]); // late offer: the 2xx offers (RFC 3261 §13.2.1)
    if (!answer) {
      fork.close();
      this.rejectCaller(488);
      return;
    }
    try {
      a.session.answer(answer);
    } catch (err) {
      // The caller went away in the same instant (CANCEL crossed the 2xx).
      this.log.debug("caller not answered", { err });
      fork.close();
      this.finish("cancelled", 487, "caller");
      return;
    }
    if (!this.leg.offer) {
      a.unsubscribe.push(
        a.session.events.on("confirmed", (c) => {
          const ans = sdpOf(c.body);
          const st = ans && answeredStream(ans);
          if (!ans || !st) return;
          a.stream = st;
          this.leg.stream = st;
          const r = mediaRemote(ans, st, a.signallingAddress);
          if (r) this.o.media.setRemote("a", r);
        }),
      );
    }
    this.bridged(a);
  }

  /** The callee answered and the caller has its answer: relay both ways. */
  private bridged(a: CallSide): void {
    a.stream ??= this.leg.stream;
    this.fire("answered");
    this.answeredAt = this.o.clock.now();
    this.answeredBy = this.ringing;
    this.wire("a", a);
    this.o.media.setMode("a", "relay");
    this.o.media.setMode("b", "relay");
    this.events.emit("answered", { party: this.ringing });
  }

  private onForkEnded(fork: InviteSession, t: Termination): void {
    if (!this.forks.delete(fork)) return;
    if (fork === this.earlyFork) this.earlyFork = undefined;
    if (this.current === "answered" || this.current === "ended") return;
    this.failures.push(t.status ?? (t.cause === "timeout" ? 408 : 480));
    if (this.forks.size > 0) return;
    this.clearRingTimer();
    this.rejectCaller(aggregateFailure(this.failures));
  }

  private onRingTimeout(): void {
    this.ringTimer = undefined;
    if (this.current !== "ringing" && this.current !== "early") return;
    this.cancelForks();
    // RFC 3261 §21.4.18: nobody answered in time.
    this.rejectCaller(this.o.noAnswerStatus ?? 480, "no-answer");
  }

  private cancelForks(cancelHeaders?: ReadonlyArray<readonly [string, string]>): void {
    for (const f of [...this.forks.keys()]) {
      this.forks.delete(f);
      // RFC 3261 §9.1: CANCEL (after a provisional) or BYE if it answered meanwhile
      f.close(cancelHeaders ? { cancelHeaders } : {});
    }
  }

  private rejectCaller(status: number, outcome?: CallOutcome, mayHandOn = true): void {
    this.cancelForks();
    this.sides.a?.detach(); // our own reject must not read as the caller leaving
    const why = { status, outcome: outcome ?? outcomeOfStatus(status) };
    // RFC 3264 §6: 488 (no common codec) and a caller already gone are not handed on.
    const handOn =
      mayHandOn && this.o.onUnanswered && status !== 488 && status !== 487 && !this.leg.session.terminated;
    if (handOn && this.current !== "ended") {
      delete this.sides.a; // the leg belongs to whoever takes it now
      this.mediaHandedOver = true;
      const to = this.safelyReturn(() => this.o.onUnanswered?.(this.leg, why));
      if (to !== undefined) {
        this.forwardedTo = to;
        this.finish(why.outcome, status, "system");
        return;
      }
      this.sides.a = new CallSide(this.leg.session, this.leg.sdp, this.o.caller.number, this.leg.signalling);
      this.mediaHandedOver = false;
    }
    this.safely(() => this.leg.end(status));
    this.finish(why.outcome, status, "system");
  }

  private safelyReturn<T>(f: () => T): T | undefined {
    try {
      return f();
    } catch (err) {
      this.log.error("hand-on of an unanswered caller failed", { err });
      return undefined;
    }
  }

  // ───────────────────────────── the bridged call ─────────────────────────────

  private wire(id: SideId, side: CallSide): void {
    const ev = side.session.events;
    if (id === "b") side.unsubscribe.push(ev.on("terminated", (t) => this.onSideEnded(id, side, t)));
    side.unsubscribe.push(ev.on("reinvite", (e) => this.onSideOffer(side, e)));
    side.unsubscribe.push(ev.on("update", (e) => this.onSideOffer(side, e)));
    side.unsubscribe.push(
      ev.on("refer", (e) => {
        const s = this.sideOf(side.session);
        if (!s || this.events.listenerCount("refer") === 0) {
          e.reject(603); // RFC 3515 §2.4.2: the REFER is declined
          return;
        }
        this.events.emit("refer", { side: s, event: e });
      }),
    );
    side.unsubscribe.push(
      ev.on("ack", (a) => {
        // An offerless re-INVITE: our 2xx offered, the ACK answers (RFC 3261 §14.2).
        const sdp = sdpOf(a.body);
        const st = sdp && answeredStream(sdp);
        const r = sdp && st && mediaRemote(sdp, st, side.signallingAddress);
        if (r && st) {
          side.stream = st;
          const leg = this.sideOf(side.session);
          if (leg) this.o.media.setRemote(leg, r);
        }
      }),
    );
  }

  private onSideEnded(id: SideId, side: CallSide, t: Termination): void {
    if (this.sides[id] !== side || this.current === "ended") return;
    if (this.current !== "answered") {
      // The caller gave up before an answer (CANCEL, RFC 3261 §9.2) or its INVITE failed.
      if (id === "a") {
        this.cancelForks();
        this.finish(t.cause === "cancel" ? "cancelled" : "failed", t.status ?? 487, "caller");
      }
      return;
    }
    // RFC 3261 §15: a BYE on one side ends the other side too.
    this.finish("answered", 200, id === "a" ? "caller" : "callee");
  }

  /** A re-INVITE or UPDATE from one side: hold, resume, a new address or codec. */
  private onSideOffer(side: CallSide, e: OfferEvent): void {
    const id = this.sideOf(side.session);
    if (!id || this.current !== "answered") {
      e.reject(491);
      return;
    }
    if (!e.offer) {
      // RFC 3261 §14.2: no offer in the re-INVITE → the 2xx carries one, the ACK answers.
      e.accept(side.sdp.offer([side.law]));
      return;
    }
    const sdp = sdpOf(e.offer);
    if (!sdp) {
      e.reject(488);
      return;
    }
    const { body, stream } = side.sdp.answer(sdp, [side.law]);
    if (!stream) {
      e.reject(488); // RFC 3264 §6: nothing acceptable; the session stays as it was (§14.2)
      return;
    }
    side.stream = stream;
    const remote = mediaRemote(sdp, stream, side.signallingAddress);
    if (remote) this.o.media.setRemote(id, remote);
    const change = side.hold.offer(sdp);
    const other = this.sides[otherSide(id)];
    if (change === "none" || !other) {
      e.accept(body);
      return;
    }
    if (this.o.moh || change === "resume") {
      this.applyHold(id, change);
      if (change === "resume" && !this.o.moh && other.hold.held === false) {
        this.relayDirection(other, "sendrecv", e, body);
        return;
      }
      e.accept(body);
      return;
    }
    // No music configured: the hold is relayed across the bridge as a re-INVITE.
    const m = primaryAudio(sdp);
    this.applyHold(id, change);
    this.relayDirection(other, m ? effectiveDirection(m, sdp) : "inactive", e, body);
  }

  /** Re-INVITEs the other side with a direction, then answers the pending offer (glare → 491). */
  private relayDirection(other: CallSide, direction: Direction, e: OfferEvent, answer: Body): void {
    let pending: Promise<{ status: number }>;
    try {
      pending = other.session.reinvite(other.sdp.offer([other.law], direction));
    } catch (err) {
      // RFC 3261 §14.2: the other side has an INVITE in progress; ask the offerer to retry.
      if (!(err instanceof StateError)) throw err;
      e.reject(491);
      return;
    }
    pending.then(
      () => e.accept(answer),
      () => e.accept(answer),
    );
  }

  private applyHold(by: SideId, change: HoldChange): void {
    const held = this.sides[otherSide(by)];
    if (!held) return;
    const leg = otherSide(by);
    if (change === "hold") {
      held.stopMusic();
      const moh = this.o.moh;
      if (moh) {
        this.o.media.setMode(leg, "local");
        held.playback = moh.play(held.law, (f) => this.o.media.sendLocal(leg, f));
      }
      this.events.emit("held", { by });
    } else if (change === "resume") {
      held.stopMusic();
      this.o.media.setMode(leg, "relay");
      this.events.emit("resumed", { by });
    }
  }

  /** Plays music to a side (e.g. while its party is being transferred). */
  playMusic(id: SideId): void {
    const side = this.sides[id];
    if (!side || !this.o.moh || side.playback) return;
    this.o.media.setMode(id, "local");
    side.playback = this.o.moh.play(side.law, (f) => this.o.media.sendLocal(id, f));
  }

  /**
   * Removes a side from the call without ending it (a transfer is replacing it); the session is
   * left open for the caller to end. The call keeps its media leg for the replacement.
   */
  detach(id: SideId): CallSide | undefined {
    const side = this.sides[id];
    if (!side) return undefined;
    side.detach();
    delete this.sides[id];
    return side;
  }

  /**
   * Puts a side (a new or transferred party) on media leg id, negotiated already or now by a
   * re-INVITE of its session toward this call's relay port. Resolves false when that failed.
   */
  async attach(id: SideId, side: CallSide, opts: { renegotiate: boolean }): Promise<boolean> {
    if (this.current === "ended") return false;
    const port = this.o.media.localPort(id);
    if (opts.renegotiate) {
      side.sdp.port = port;
      let outcome: { status: number; response?: { body: Buffer } };
      try {
        outcome = await side.session.reinvite(side.sdp.offer([side.law]));
      } catch (err) {
        if (err instanceof StateError) return false;
        throw err;
      }
      if (outcome.status >= 300) return false;
      const ans = side.session.remoteBody;
      const sdp = sdpOf(ans);
      const st = sdp && answeredStream(sdp);
      if (!sdp || !st) return false;
      side.stream = st;
      const r = mediaRemote(sdp, st, side.signallingAddress);
      if (r) this.o.media.setRemote(id, r);
    }
    if (this.ended || side.session.terminated) return false;
    side.hold.reset();
    this.sides[id] = side;
    this.wire(id, side);
    if (id === "a")
      side.unsubscribe.push(side.session.events.on("terminated", (t) => this.onSideEnded("a", side, t)));
    const other = this.sides[otherSide(id)];
    other?.stopMusic();
    this.o.media.setMode("a", "relay");
    this.o.media.setMode("b", "relay");
    this.answeredBy = side.party;
    this.events.emit("replaced", { side: id, party: side.party });
    return true;
  }

  /** Applies an answer from a new outgoing leg placed on media leg id (a blind transfer). */
  applyAnswer(id: SideId, side: CallSide, answer: Body | undefined, signalling: string | undefined): boolean {
    const sdp = sdpOf(answer);
    const st = sdp && answeredStream(sdp);
    if (!sdp || !st) return false;
    side.stream = st;
    const r = mediaRemote(sdp, st, signalling);
    if (r) this.o.media.setRemote(id, r);
    return true;
  }

  /** Gives the media session to a new owner (a conference room); ending the call leaves it open. */
  handOverMedia(): CallMediaSession {
    this.mediaHandedOver = true;
    return this.o.media;
  }

  /** A fresh LegSdp on media leg id (for a new outgoing leg). */
  newLegSdp(id: SideId): LegSdp {
    return new LegSdp(this.o.mediaAddress, this.o.media.localPort(id), this.sessionId());
  }

  /** The caller's identity as the PBX presents it. */
  get caller(): { number: string; displayName?: string } {
    return this.o.caller;
  }

  // ───────────────────────────── ending ─────────────────────────────

  private finish(outcome: CallOutcome, status: number, endedBy: "caller" | "callee" | "system"): void {
    if (this.current === "ended") return;
    this.current = "ended";
    this.clearRingTimer();
    this.cancelForks();
    for (const id of ["a", "b"] as const) {
      const side = this.sides[id];
      if (!side) continue;
      side.detach();
      side.session.close(); // RFC 3261 §15: BYE (or CANCEL/480) on the legs still up
    }
    if (!this.mediaHandedOver)
      this.o.media.close().catch((err: unknown) => this.log.warn("media close failed", { err }));
    const end = this.o.clock.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const r: CallDetailRecord = {
      id: this.id,
      callId: this.o.incoming.callId,
      from: this.o.caller.number,
      to: this.o.dialled,
      start: iso(this.startedAt),
      end: iso(end),
      durationSeconds: Math.round((end - this.startedAt) / 1000),
      billableSeconds: this.answeredAt === undefined ? 0 : Math.round((end - this.answeredAt) / 1000),
      outcome: this.answeredAt === undefined ? outcome : "answered",
      status: this.answeredAt === undefined ? status : 200,
    };
    if (this.o.caller.displayName) r.fromName = this.o.caller.displayName;
    if (this.forwardedTo !== undefined) r.forwardedTo = this.forwardedTo;
    if (this.answeredAt !== undefined) {
      r.answer = iso(this.answeredAt);
      r.endedBy = endedBy;
      if (this.answeredBy) r.answeredBy = this.answeredBy;
    }
    this.record = r;
    this.o.cdr?.write(r).catch((err: unknown) => this.log.error("CDR not written", { err }));
    this.events.emit("ended", r);
  }

  /** Ends the call the way its state requires (CANCEL, 480, BYE) and frees the media. Idempotent. */
  close(): void {
    if (this.current === "ended") return;
    if (this.current === "answered") {
      this.finish("answered", 200, "system");
      return;
    }
    this.rejectCaller(480, "failed", false);
  }

  private clearRingTimer(): void {
    this.o.clock.clearTimeout(this.ringTimer);
    this.ringTimer = undefined;
  }

  private safely(f: () => void): void {
    try {
      f();
    } catch (err) {
      if (err instanceof StateError || err instanceof SipFailure) {
        this.log.debug("leg no longer accepts this", { err });
        return;
      }
      throw err;
    }
  }
}

function otherSide(id: SideId): SideId {
  return id === "a" ? "b" : "a";
}

function lawOf(encoding: string): "PCMU" | "PCMA" {
  return encoding.toUpperCase() === "PCMA" ? "PCMA" : "PCMU";
}

function signallingOf(t: ContactTarget | undefined): string | undefined {
  if (!t) return undefined;
  if (t.source) return t.source.address;
  return t.uri.type === "sip" ? t.uri.host : undefined;
}
