// The front door for calls: each new INVITE from the dialog layer is authenticated, its caller
// identified, its number routed, and (for an extension) a Call created that forks it to the
// callee's contacts. Live calls are indexed by their sessions, for transfers.
import { type Clock, type IdSource, Logger, TypedEmitter } from "../../base/index.ts";
import type { DialogLayer, InviteSession } from "../../sip/dialog/index.ts";
import { getFrom, getTopVia, viaReceived } from "../../sip/message/index.ts";
import type { CdrSink } from "../cdr/cdr-record.ts";
import type { MusicOnHold } from "../hold/music-on-hold.ts";
import { Call, type CallOptions, type SideId } from "./call.ts";
import type {
  CallAuthorizer,
  CallerIdentity,
  CallMediaFactory,
  CallMediaSession,
  CallRouter,
  ContactLookup,
  ContactTarget,
  Destination,
  DirectoryLookup,
  RouteDecision,
} from "./call-deps.ts";
import { CallerLeg } from "./caller-leg.ts";
import { LegSdp } from "./sdp-bridge.ts";

export interface B2buaOptions {
  dialogs: Pick<DialogLayer, "invite" | "events">;
  clock: Clock;
  ids: IdSource;
  auth: CallAuthorizer;
  router: CallRouter;
  contacts: ContactLookup;
  directory?: DirectoryLookup;
  media: CallMediaFactory;
  /** Host of the From/To URIs the PBX sends (its SIP domain). */
  domain: string;
  ringTimeoutMs?: number;
  moh?: MusicOnHold;
  /** Played to an answered caller (coming from the IVR) while the callee rings. */
  ringback?: MusicOnHold;
  cdr?: CdrSink;
  logger?: Logger;
}

export interface B2buaEvents {
  call: Call;
  /** A caller's leg routed to a room: the conference feature answers it (PIN, then the mix). */
  conference: { leg: CallerLeg; room: string; caller: CallerIdentity };
  /** A caller's leg for a feature the PBX itself answers: the IVR, voicemail. */
  application: {
    decision: Extract<RouteDecision, { kind: "ivr" | "voicemail" | "voicemail-access" }>;
    leg: CallerLeg;
    caller: CallerIdentity;
    dialled: string;
  };
}

/** How long a call out through a trunk may ring before the PBX gives up (the PSTN rings long). */
const OUTBOUND_RING_TIMEOUT_MS = 120_000;

export class B2bua {
  readonly events = new TypedEmitter<B2buaEvents>();
  private readonly calls = new Set<Call>();
  private readonly log: Logger;
  private nextId = 1;
  private closed = false;
  private readonly off: () => void;

  constructor(private readonly o: B2buaOptions) {
    this.log = (o.logger ?? Logger.silent()).child({ part: "b2bua" });
    this.off = o.dialogs.events.on("invite", (s) => {
      this.onInvite(s).catch((err: unknown) => {
        this.log.error("INVITE handling failed", { err });
        if (!s.terminated) s.close();
      });
    });
  }

  get liveCalls(): Call[] {
    return [...this.calls];
  }

  /** The call a session is a side of (for REFER with Replaces, RFC 3891). */
  findBySession(session: InviteSession): { call: Call; side: SideId } | undefined {
    for (const call of this.calls) {
      const side = call.sideOf(session);
      if (side) return { call, side };
    }
    return undefined;
  }

  private async onInvite(session: InviteSession): Promise<void> {
    if (this.closed) {
      session.reject(503);
      return;
    }
    const verdict = await this.o.auth.authorize(session.request, signallingAddressOf(session));
    if (session.terminated) return;
    if (!verdict.ok) {
      // RFC 3261 §22.3: a challenge (407 with Proxy-Authenticate) or a refusal.
      session.reject(verdict.status, verdict.headers ?? []);
      return;
    }
    const caller = this.identify(verdict.user, session);
    const uri = session.request.uri;
    const dialled = uri.type === "sip" ? (uri.user ?? "") : "";
    const decision = this.o.router.route(dialled, caller);
    if (decision.kind === "reject" || decision.kind === "hangup") {
      session.reject(decision.kind === "reject" ? decision.status : 480);
      return;
    }
    let media: CallMediaSession;
    try {
      media = await this.o.media.createSession();
    } catch (err) {
      this.log.warn("no media ports", { err });
      if (decision.kind === "outbound") decision.lease.release();
      session.reject(503); // RFC 3261 §21.5.4: out of relay ports
      return;
    }
    if (session.terminated) {
      if (decision.kind === "outbound") decision.lease.release();
      await media.close();
      return;
    }
    const address = this.o.media.callerAddress?.(session.request) ?? this.o.media.address;
    const sdp = new LegSdp(address, media.localPort("a"), `${this.o.clock.now()}`);
    const leg = new CallerLeg(session, media, sdp, signallingAddressOf(session));
    this.dispatch(decision, leg, caller, dialled);
  }

  /**
   * Sends a caller's leg where a decision says: a Call ringing an extension or a ring group, or
   * a feature (IVR, voicemail, a room) through the `application` event. Returns a description
   * of where it went (for the CDR of an unanswered attempt), undefined when it was refused.
   */
  dispatch(
    decision: RouteDecision,
    leg: CallerLeg,
    caller: CallerIdentity,
    dialled: string,
  ): string | undefined {
    switch (decision.kind) {
      case "reject":
      case "hangup":
        this.endLeg(leg, decision.kind === "reject" ? decision.status : 480);
        return undefined;
      case "extension":
        this.ring(leg, caller, decision.user, [decision.user], decision.ringTimeoutMs, decision.noAnswer);
        return `extension:${decision.user}`;
      case "ring-group":
        return this.ringGroup(leg, caller, decision);
      case "conference":
        if (this.closed || this.events.listenerCount("conference") === 0) {
          this.endLeg(leg, 404);
          return undefined;
        }
        this.events.emit("conference", { leg, room: decision.room, caller });
        return `conference:${decision.room}`;
      case "outbound":
        return this.outbound(leg, caller, decision);
      default: {
        if (this.closed || this.events.listenerCount("application") === 0) {
          this.endLeg(leg, 404);
          return undefined;
        }
        this.events.emit("application", { decision, leg, caller, dialled });
        return describeDecision(decision);
      }
    }
  }

  /** Where a configured destination leads (404 when the router cannot say). */
  resolve(d: Destination, caller: CallerIdentity): RouteDecision {
    return this.o.router.resolve?.(d, caller) ?? { kind: "reject", status: 404 };
  }

  /** One B-leg to the provider through a trunk; its channel is released when the call ends. */
  private outbound(
    leg: CallerLeg,
    caller: CallerIdentity,
    d: Extract<RouteDecision, { kind: "outbound" }>,
  ): string | undefined {
    if (this.closed) {
      d.lease.release();
      this.endLeg(leg, 503); // RFC 3261 §21.5.4: shutting down
      return undefined;
    }
    const call = this.startCall(leg, caller, d.number, d.ringTimeoutMs ?? OUTBOUND_RING_TIMEOUT_MS, {
      calleeMediaAddress: d.target.trunk.mediaAddress,
    });
    call.events.on("ended", () => d.lease.release());
    call.ring([d.target]);
    return `trunk:${d.trunk}`;
  }

  private endLeg(leg: CallerLeg, status: number): void {
    leg.end(status);
    void leg.media.close(); // idempotent
  }

  private ringGroup(
    leg: CallerLeg,
    caller: CallerIdentity,
    g: Extract<RouteDecision, { kind: "ring-group" }>,
  ): string | undefined {
    if (!g.sequential || g.members.length <= 1) {
      this.ring(leg, caller, g.number, g.members, g.ringTimeoutMs, g.noAnswer);
      return `ring-group:${g.number}`;
    }
    // One member after the other: each unanswered attempt hands the leg to the next.
    const [first, ...rest] = g.members;
    const next: RouteDecision = { ...g, members: rest };
    this.ring(leg, caller, g.number, [first!], g.ringTimeoutMs, undefined, next);
    return `ring-group:${g.number}`;
  }

  /** A Call on the caller's leg ringing every contact of `users` at once. */
  private ring(
    leg: CallerLeg,
    caller: CallerIdentity,
    to: string,
    users: readonly string[],
    ringTimeoutMs: number | undefined,
    noAnswer: Destination | undefined,
    then?: RouteDecision,
  ): void {
    const onward = then ?? (noAnswer ? this.resolve(noAnswer, caller) : undefined);
    const call = this.startCall(
      leg,
      caller,
      to,
      ringTimeoutMs ?? this.o.ringTimeoutMs ?? 30_000,
      onward ? { onUnanswered: (l) => this.dispatch(onward, l, caller, to) } : {},
    );
    void this.targetsOf(users).then(
      (targets) => {
        if (!call.ended) call.ring(targets);
      },
      (err: unknown) => {
        this.log.error("contacts lookup failed", { err });
        if (!call.ended) call.ring([]);
      },
    );
  }

  /** A Call on the caller's leg, tracked until it ends (it rings once given its targets). */
  private startCall(
    leg: CallerLeg,
    caller: CallerIdentity,
    to: string,
    ringTimeoutMs: number,
    extra: Partial<CallOptions>,
  ): Call {
    const opts: CallOptions = {
      id: `call-${this.nextId++}`,
      clock: this.o.clock,
      ids: this.o.ids,
      dialogs: this.o.dialogs,
      media: leg.media,
      mediaAddress: this.o.media.address,
      incoming: leg.session,
      leg,
      caller,
      dialled: to,
      domain: this.o.domain,
      ringTimeoutMs,
      logger: this.log,
      ...extra,
    };
    if (leg.signalling) opts.callerSignalling = leg.signalling;
    if (this.o.moh) opts.moh = this.o.moh;
    if (this.o.ringback) opts.ringback = this.o.ringback;
    if (this.o.cdr) opts.cdr = this.o.cdr;
    const call = new Call(opts);
    this.calls.add(call);
    call.events.on("ended", () => this.calls.delete(call));
    this.events.emit("call", call);
    return call;
  }

  private async targetsOf(users: readonly string[]): Promise<ContactTarget[]> {
    const lists = await Promise.all(users.map((u) => this.o.contacts.contacts(u)));
    return lists.flat();
  }

  private identify(user: string, session: InviteSession): CallerIdentity {
    const known = this.o.directory?.identity(user);
    if (known) return known;
    const from = getFrom(session.request);
    const id: CallerIdentity = { number: user };
    if (from?.displayName) id.displayName = from.displayName;
    return id;
  }

  /** Ends every call and stops taking new ones. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.off();
    for (const c of [...this.calls]) c.close();
  }
}

/** RFC 3261 §18.2.1: where the request really came from (received=, else the sent-by host). */
export function signallingAddressOf(session: InviteSession): string | undefined {
  const via = getTopVia(session.request);
  if (!via) return undefined;
  return viaReceived(via) ?? via.host;
}

function describeDecision(d: RouteDecision): string {
  switch (d.kind) {
    case "ivr":
      return `ivr:${d.menu}`;
    case "voicemail":
      return `voicemail:${d.box}`;
    case "voicemail-access":
      return `voicemail-access:${d.box}`;
    case "conference":
      return `conference:${d.room}`;
    default:
      return d.kind;
  }
}
