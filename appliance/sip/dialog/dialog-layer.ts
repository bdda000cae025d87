// The dialog layer: the transaction user (RFC 3261 §17) that owns the INVITE sessions and their
// dialogs. It routes each request inside a dialog to its session by dialog ID (§12.2.2: 481
// when there is none), matches CANCEL to the INVITE it cancels (§9.2), hands ACKs for 2xx to
// the session that sent the 2xx (§13.3.1.4), re-ACKs late 2xx retransmissions, turns new
// INVITEs into sessions (the `invite` event), and passes every other request outside a dialog
// up to the layer above (setUser). It imports nothing above itself.
import {
  type Clock,
  cryptoRandom,
  type IdSource,
  Logger,
  type RandomSource,
  SipFailure,
  StateError,
  TransportError,
  TypedEmitter,
} from "../../base/index.ts";
import {
  createResponse,
  formatCSeq,
  formatNameAddr,
  getCSeq,
  getHeaders,
  type NameAddr,
  SIP_VERSION,
  type SipRequest,
  type SipResponse,
  type Uri,
  validateRequest,
} from "../message/index.ts";
import {
  InviteServerTransaction,
  resolveTimers,
  type ServerTransaction,
  type TimerConfig,
  type TransactionLayer,
  type TransactionUser,
} from "../transaction/index.ts";
import type { MessageSource } from "../transport/index.ts";
import type { Body } from "./body.ts";
import type { Dialog } from "./dialog.ts";
import { dialogKey, uacDialogId, uasDialogId } from "./dialog-id.ts";
import { InviteSession } from "./invite-session.ts";
import { parseReplaces, type Replaces } from "./replaces.ts";
import type { InviteAuthenticator, SessionHooks, SessionServices } from "./session-context.ts";
import { negotiateAsUas, type SessionTimerConfig, sessionTimerRequestHeaders } from "./session-timer.ts";
import { resolveUriTarget, type TargetResolver } from "./target.ts";

/** Receives the requests outside any dialog that the dialog layer does not handle (UaCore fits). */
export interface DialogUser {
  onRequest(req: SipRequest, tx: ServerTransaction, source: MessageSource): void;
}

export interface DialogLayerOptions {
  transactions: TransactionLayer;
  clock: Clock;
  ids: IdSource;
  /** For the §14.1 glare delays and §14.2 Retry-After values. Default: crypto. */
  random?: RandomSource;
  logger?: Logger;
  /** T1/T2 for 2xx retransmission (§13.3.1.4); defaults as the transaction layer's. */
  timers?: Partial<TimerConfig>;
  /** Next hop → transport target. Default: resolveUriTarget (no DNS SRV/NAPTR). */
  resolve?: TargetResolver;
  /** Our Contact URI, e.g. sip:pibx@192.0.2.1:5060. */
  contact: Uri;
  /** Our Contact for a new incoming INVITE when not `contact` (the public address toward a trunk). */
  contactFor?: (invite: SipRequest, source: MessageSource) => Uri | undefined;
  /** Methods accepted inside dialogs, advertised in Allow. */
  allow?: readonly string[];
  /** Session timer we ask for (RFC 4028); false to only honour the peer's. Default 1800/90 s. */
  sessionTimer?: SessionTimerConfig | false;
}

export interface InviteOptions {
  /** To (RFC 3261 §8.1.1.2) and the default Request-URI. */
  to: NameAddr | Uri;
  from: NameAddr | Uri;
  requestUri?: Uri;
  /** A pre-loaded route set (outbound proxy), loose routers expected (§8.1.1.1). */
  routes?: readonly Uri[];
  offer?: Body;
  headers?: ReadonlyArray<readonly [string, string]>;
  callId?: string;
  /** Overrides the layer's session-timer wish for this call. */
  sessionTimer?: SessionTimerConfig | false;
  /** Our Contact for this call instead of the layer's (e.g. the public address toward a trunk). */
  contact?: Uri;
  /** Answers a 401/407 to the INVITE (RFC 3261 §22.2); absent: a challenge ends the call. */
  authenticate?: InviteAuthenticator;
}

/** What a Replaces header found (RFC 3891 §3). */
export type ReplacesMatch =
  | { ok: true; session: InviteSession; dialog: Dialog }
  | { ok: false; status: 481 | 486 | 603 };

export interface DialogLayerEvents {
  /** A new INVITE outside any dialog, as a UAS session: progress(), answer() or reject() it. */
  invite: InviteSession;
}

export const DEFAULT_ALLOW: readonly string[] = [
  "INVITE",
  "ACK",
  "CANCEL",
  "BYE",
  "OPTIONS",
  "UPDATE",
  "INFO",
  "REFER",
  "NOTIFY",
];

const SUPPORTED = ["timer", "replaces"] as const;

interface DialogEntry {
  session: InviteSession;
  dialog: Dialog;
}

function asNameAddr(x: NameAddr | Uri): NameAddr {
  return "uri" in x ? x : { uri: x, params: new Map() };
}

export class DialogLayer implements TransactionUser {
  readonly events = new TypedEmitter<DialogLayerEvents>();
  private readonly services: SessionServices;
  private readonly dialogs = new Map<string, DialogEntry>();
  /** UAC sessions by Call-ID + local tag: late 2xx from forks after the transaction ended. */
  private readonly uac = new Map<string, InviteSession>();
  /** UAS sessions by their INVITE server transaction, for CANCEL (§9.2). */
  private readonly byInviteTx = new Map<InviteServerTransaction, InviteSession>();
  private readonly live = new Set<InviteSession>();
  /** Recently ended dialogs (key → when to forget), so a late Replaces gets 603, not 481. */
  private readonly ended = new Map<string, number>();
  private user: DialogUser | undefined;
  private closed = false;

  constructor(private readonly options: DialogLayerOptions) {
    const timer =
      options.sessionTimer === false ? undefined : (options.sessionTimer ?? { expires: 1800, minSE: 90 });
    this.services = {
      transactions: options.transactions,
      clock: options.clock,
      ids: options.ids,
      random: options.random ?? cryptoRandom,
      logger: (options.logger ?? Logger.silent()).child({ layer: "dialog" }),
      timers: resolveTimers(options.timers),
      resolve: options.resolve ?? resolveUriTarget,
      contact: { uri: options.contact, params: new Map() },
      allow: options.allow ?? DEFAULT_ALLOW,
      supported: SUPPORTED,
      sessionTimer: timer,
    };
    this.events.onListenerError((err) => this.services.logger.error("invite listener threw", { err }));
    options.transactions.setUser(this);
  }

  /** Sets who receives requests outside dialogs (REGISTER, OPTIONS, MESSAGE, INVITEs if no `invite` listener). */
  setUser(user: DialogUser): void {
    this.user = user;
  }

  /** Live sessions (for diagnostics and shutdown). */
  get sessions(): InviteSession[] {
    return [...this.live];
  }

  /** The number of dialogs indexed (early and confirmed). */
  get dialogCount(): number {
    return this.dialogs.size;
  }

  /** Starts an outgoing call (the UAC side): builds the INVITE (§8.1.1) and sends it. */
  invite(opts: InviteOptions): InviteSession {
    if (this.closed) throw new StateError("dialog layer closed", "closed", "invite");
    const ids = this.services.ids;
    // RFC 3261 §8.1.1.8: the Contact this dialog's peer reaches us at (also on its ACKs and BYEs).
    const services: SessionServices = opts.contact
      ? { ...this.services, contact: { uri: opts.contact, params: new Map() } }
      : this.services;
    const to = asNameAddr(opts.to);
    const from = asNameAddr(opts.from);
    const fromTagged: NameAddr = { ...from, params: new Map(from.params) };
    fromTagged.params.set("tag", ids.tag()); // RFC 3261 §8.1.1.3: the From tag
    const requestUri = opts.requestUri ?? to.uri;
    const callId = opts.callId ?? ids.callId(this.contactHost());
    const headers: Array<[string, string]> = [
      ["Via", `${SIP_VERSION}/UDP ${this.contactHost()};branch=${ids.branch()}`],
      ["Max-Forwards", "70"],
      ["From", formatNameAddr(fromTagged)],
      [
        "To",
        formatNameAddr({
          uri: to.uri,
          params: new Map([...to.params].filter(([k]) => k !== "tag")),
          ...(to.displayName !== undefined ? { displayName: to.displayName } : {}),
        }),
      ],
      ["Call-ID", callId],
      ["CSeq", formatCSeq({ seq: 1, method: "INVITE" })],
    ];
    for (const r of opts.routes ?? []) headers.push(["Route", formatNameAddr({ uri: r, params: new Map() })]);
    headers.push(["Contact", formatNameAddr(services.contact)]);
    headers.push(["Allow", this.services.allow.join(", ")]);
    headers.push(["Supported", SUPPORTED.join(", ")]);
    const timer =
      opts.sessionTimer === undefined ? this.services.sessionTimer : opts.sessionTimer || undefined;
    // RFC 4028 §7.1: Supported: timer plus the interval we want and our minimum.
    if (timer) headers.push(...sessionTimerRequestHeaders(timer.expires, timer.minSE));
    for (const [n, v] of opts.headers ?? []) headers.push([n, v]);
    if (opts.offer) headers.push(["Content-Type", opts.offer.contentType]);
    const invite: SipRequest = {
      kind: "request",
      method: "INVITE",
      uri: requestUri,
      version: SIP_VERSION,
      headers: headers.map(([name, value]) => ({ name, value })),
      body: opts.offer?.body ?? Buffer.alloc(0),
    };
    // RFC 3261 §8.1.2: the first Route, else the Request-URI.
    const nextHop = opts.routes?.[0] ?? requestUri;
    const target = this.services.resolve(nextHop, undefined);
    const key = `${callId}\u0000${fromTagged.params.get("tag")}`;
    let session: InviteSession | undefined;
    const hooks = this.hooksFor(
      () => session,
      () => this.uac.delete(key),
    );
    session = InviteSession.outgoing(services, hooks, invite, target, opts.offer, opts.authenticate);
    this.uac.set(key, session);
    this.live.add(session);
    return session;
  }

  /**
   * RFC 3891 §3: the dialog a Replaces names, from our view (to-tag = our tag, from-tag = the
   * peer's). 481 when there is none or it is an early dialog we did not initiate, 486 when
   * early-only names a confirmed dialog, 603 when it has ended.
   */
  findReplaced(r: Replaces): ReplacesMatch {
    const key = dialogKey({ callId: r.callId, localTag: r.toTag, remoteTag: r.fromTag });
    const entry = this.dialogs.get(key);
    if (!entry) {
      const until = this.ended.get(key);
      return { ok: false, status: until !== undefined && until > this.services.clock.now() ? 603 : 481 };
    }
    const { session, dialog } = entry;
    if (dialog.state === "terminated" || session.terminated) return { ok: false, status: 603 };
    if (dialog.state === "confirmed" && r.earlyOnly) return { ok: false, status: 486 };
    // RFC 3891 §3: an early dialog may only be replaced at the UA that initiated it.
    if (dialog.state === "early" && dialog.role !== "uac") return { ok: false, status: 481 };
    return { ok: true, session, dialog };
  }

  // ───────────────────────────── TransactionUser ─────────────────────────────

  onRequest(req: SipRequest, tx: ServerTransaction | undefined, source: MessageSource): void {
    if (!tx) {
      if (req.method === "ACK") this.onAck(req, source); // RFC 3261 §17.2.3: ACK for a 2xx
      return;
    }
    if (req.method === "CANCEL") {
      this.onCancel(req, tx, source);
      return;
    }
    const id = uasDialogId(req);
    if (id) {
      this.onInDialog(req, tx, source, dialogKey(id));
      return;
    }
    if (req.method === "INVITE" && this.closed) {
      this.reply(req, tx, 503); // shutting down: the dialogs still in progress keep routing
      return;
    }
    if (tx instanceof InviteServerTransaction && this.events.listenerCount("invite") > 0) {
      this.onNewInvite(req, tx, source);
      return;
    }
    if (this.user) this.user.onRequest(req, tx, source);
    else
      this.reply(req, tx, req.method === "INVITE" ? 480 : 405, [["Allow", this.services.allow.join(", ")]]);
  }

  onStrayResponse(res: SipResponse, _source: MessageSource): void {
    // RFC 3261 §13.2.2.4: a 2xx retransmission after the INVITE transaction is gone is ACKed again.
    if (res.status < 200 || res.status >= 300 || getCSeq(res)?.method !== "INVITE") return;
    const id = uacDialogId(res);
    if (!id) return;
    const entry = this.dialogs.get(dialogKey(id));
    const session = entry?.session ?? this.uac.get(`${id.callId}\u0000${id.localTag}`);
    session?.receiveStray2xx(res);
  }

  private onAck(ack: SipRequest, source: MessageSource): void {
    const id = uasDialogId(ack);
    const entry = id && this.dialogs.get(dialogKey(id));
    if (entry) entry.session.receiveAck(ack, source);
  }

  private onCancel(cancel: SipRequest, tx: ServerTransaction, source: MessageSource): void {
    const inviteTx = this.options.transactions.findInviteForCancel(cancel);
    const session = inviteTx && this.byInviteTx.get(inviteTx);
    if (session) {
      session.receiveCancel(cancel, tx);
      return;
    }
    // An INVITE the layer above handles itself: its CANCEL goes there too.
    if (inviteTx && this.user) {
      this.user.onRequest(cancel, tx, source);
      return;
    }
    this.reply(cancel, tx, 481); // RFC 3261 §9.2: no matching transaction
  }

  private onInDialog(req: SipRequest, tx: ServerTransaction, source: MessageSource, key: string): void {
    const entry = this.dialogs.get(key);
    // RFC 3261 §12.2.2: a request with a To tag that matches no dialog gets 481.
    if (!entry) {
      this.reply(req, tx, 481);
      return;
    }
    const verdict = validateRequest(req, {
      allowedMethods: this.services.allow,
      supportedExtensions: [...SUPPORTED, "norefersub"],
    });
    if (!verdict.ok) {
      this.reply(req, tx, verdict.status, verdict.headers, verdict.reason);
      return;
    }
    entry.session.receiveRequest(req, tx, source, entry.dialog);
  }

  private onNewInvite(req: SipRequest, tx: InviteServerTransaction, source: MessageSource): void {
    // RFC 3261 §8.2.1-§8.2.3 checks first.
    const verdict = validateRequest(req, {
      allowedMethods: this.services.allow,
      supportedExtensions: [...SUPPORTED],
    });
    if (!verdict.ok) {
      this.reply(req, tx, verdict.status, verdict.headers, verdict.reason);
      return;
    }
    // RFC 3891 §3: more than one Replaces → 400; a Replaces that matches nothing usable → its status.
    const replaces = getHeaders(req, "Replaces");
    if (replaces.length > 1) {
      this.reply(req, tx, 400, [], "Multiple Replaces");
      return;
    }
    if (replaces.length === 1) {
      let match: ReplacesMatch;
      try {
        match = this.findReplaced(parseReplaces(replaces[0]!));
      } catch {
        this.reply(req, tx, 400, [], "Bad Replaces");
        return;
      }
      if (!match.ok) {
        this.reply(req, tx, match.status);
        return;
      }
    }
    // RFC 4028 §9: too small a Session-Expires → 422 with our Min-SE.
    const timer = negotiateAsUas(req, this.services.sessionTimer);
    if (timer.kind === "reject") {
      this.reply(req, tx, 422, timer.headers);
      return;
    }
    let session: InviteSession | undefined;
    const hooks = this.hooksFor(
      () => session,
      () => this.byInviteTx.delete(tx),
    );
    try {
      const contact = this.options.contactFor?.(req, source);
      const services = contact
        ? { ...this.services, contact: { uri: contact, params: new Map() } }
        : this.services;
      session = InviteSession.incoming(services, hooks, req, tx, source, timer);
    } catch (err) {
      if (err instanceof SipFailure) this.reply(req, tx, err.status, err.headers, err.reason);
      else this.reply(req, tx, 400);
      return;
    }
    // The session's dialog was created in its constructor, before `session` was assigned.
    for (const d of session.earlyDialogs) this.dialogs.set(d.key, { session, dialog: d });
    this.byInviteTx.set(tx, session);
    this.live.add(session);
    this.events.emit("invite", session);
  }

  /** The dialog a Replaces header in req names, for the `invite` listener (RFC 3891). */
  replacedBy(req: SipRequest): ReplacesMatch | undefined {
    const v = getHeaders(req, "Replaces")[0];
    if (v === undefined) return undefined;
    try {
      return this.findReplaced(parseReplaces(v));
    } catch {
      return undefined;
    }
  }

  private hooksFor(session: () => InviteSession | undefined, onEnd: () => void): SessionHooks {
    return {
      dialogAdded: (dialog) => {
        const s = session();
        if (s) this.dialogs.set(dialog.key, { session: s, dialog });
      },
      dialogRemoved: (dialog) => {
        const e = this.dialogs.get(dialog.key);
        if (e && e.dialog === dialog) this.dialogs.delete(dialog.key);
        this.rememberEnded(dialog.key);
      },
      ended: () => {
        const s = session();
        if (s) this.live.delete(s);
        onEnd();
      },
    };
  }

  /** Keeps an ended dialog's key for 64*T1 (RFC 3891 §3: Replaces of a terminated dialog → 603). */
  private rememberEnded(key: string): void {
    const now = this.services.clock.now();
    for (const [k, until] of this.ended) if (until <= now) this.ended.delete(k);
    this.ended.set(key, now + 64 * this.services.timers.T1);
  }

  private contactHost(): string {
    const u = this.options.contact;
    if (u.type !== "sip") return "invalid";
    return u.port === undefined ? u.host : `${u.host}:${u.port}`;
  }

  private reply(
    req: SipRequest,
    tx: ServerTransaction,
    status: number,
    headers: ReadonlyArray<readonly [string, string]> = [],
    reason?: string,
  ): void {
    const opts: Parameters<typeof createResponse>[2] = { toTag: this.services.ids.tag(), headers };
    if (reason !== undefined) opts.reason = reason;
    try {
      tx.respond(createResponse(req, status, opts));
    } catch (err) {
      this.services.logger.debug("response not sent", {
        status,
        err: err instanceof TransportError ? err.message : err,
      });
    }
  }

  /**
   * Ends every session (CANCEL/BYE/480 as each requires) and refuses new INVITEs with 503;
   * messages of the dialogs being ended (ACK, 200 to BYE, 487) still flow. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    for (const s of [...this.live]) s.close();
    this.closed = true;
  }
}
