// The front door for calls: each new INVITE from the dialog layer is authenticated, its caller
// identified, its number routed, and (for an extension) a Call created that forks it to the
// callee's contacts. Live calls are indexed by their sessions, for transfers.
import { type Clock, type IdSource, Logger, TypedEmitter } from "../../base/index.ts";
import type { DialogLayer, InviteSession } from "../../sip/dialog/index.ts";
import { getFrom, getTopVia, viaReceived } from "../../sip/message/index.ts";
import type { CdrSink } from "../cdr/cdr-record.ts";
import type { MusicOnHold } from "../hold/music-on-hold.ts";
import { Call, type SideId } from "./call.ts";
import type {
  CallAuthorizer,
  CallerIdentity,
  CallMediaFactory,
  CallRouter,
  ContactLookup,
  DirectoryLookup,
} from "./call-deps.ts";

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
  cdr?: CdrSink;
  logger?: Logger;
}

export interface B2buaEvents {
  call: Call;
  /** An INVITE routed to a conference room: the conference feature answers it. */
  conference: { session: InviteSession; room: string; caller: CallerIdentity };
}

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
    if (decision.kind === "reject") {
      session.reject(decision.status);
      return;
    }
    if (decision.kind === "conference") {
      if (this.events.listenerCount("conference") === 0) session.reject(404);
      else this.events.emit("conference", { session, room: decision.room, caller });
      return;
    }
    const targets = await this.o.contacts.contacts(decision.user);
    if (session.terminated) return;
    let media: Awaited<ReturnType<CallMediaFactory["createSession"]>>;
    try {
      media = await this.o.media.createSession();
    } catch (err) {
      this.log.warn("no media ports", { err });
      session.reject(503); // RFC 3261 §21.5.4: out of relay ports
      return;
    }
    const opts: ConstructorParameters<typeof Call>[0] = {
      id: `call-${this.nextId++}`,
      clock: this.o.clock,
      ids: this.o.ids,
      dialogs: this.o.dialogs,
      media,
      mediaAddress: this.o.media.address,
      incoming: session,
      caller,
      dialled: decision.user,
      domain: this.o.domain,
      ringTimeoutMs: decision.ringTimeoutMs ?? this.o.ringTimeoutMs ?? 30_000,
      logger: this.log,
    };
    const next = decision.noAnswer;
    if (next) opts.noAnswer = { user: next.user, targets: () => this.o.contacts.contacts(next.user) };
    const sig = signallingAddressOf(session);
    if (sig) opts.callerSignalling = sig;
    if (this.o.moh) opts.moh = this.o.moh;
    if (this.o.cdr) opts.cdr = this.o.cdr;
    const call = new Call(opts);
    this.calls.add(call);
    call.events.on("ended", () => this.calls.delete(call));
    this.events.emit("call", call);
    call.ring(targets);
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
