// An INVITE session (RFC 3261 §13-§15) on top of its dialog(s): the UAC side (INVITE, provisional
// responses, forking, CANCEL, ACK for 2xx) and the UAS side (provisional and final responses, 2xx
// retransmission until ACK), then everything inside the confirmed dialog: re-INVITE and glare
// (§14), UPDATE (RFC 3311), BYE (§15), session timers (RFC 4028), INFO, and REFER with its
// implicit subscription (RFC 3515). Bodies are opaque; the owner reacts to typed events.
import { ParseError, SipFailure, StateError, type TimerHandle, TypedEmitter } from "../../base/index.ts";
import {
  createResponse,
  formatCSeq,
  formatNameAddr,
  getCSeq,
  getHeader,
  getHeaders,
  getTag,
  getTo,
  getTokens,
  type NameAddr,
  parseNameAddr,
  type ResponseOptions,
  type SipRequest,
  type SipResponse,
  setHeader,
  type Uri,
} from "../message/index.ts";
import {
  type ClientTransaction,
  InviteClientTransaction,
  InviteServerTransaction,
  type ServerTransaction,
  transition,
} from "../transaction/index.ts";
import type { MessageSource, Target } from "../transport/index.ts";
import { type Body, bodyOf, mediaTypeOf } from "./body.ts";
import { cancelRequest } from "./cancel-request.ts";
import { Dialog, type DialogRequestOptions } from "./dialog.ts";
import { parseDtmfRelay } from "./dtmf-relay.ts";
import { glareRetryDelay, overlapRetryAfter } from "./glare.ts";
import type {
  AnsweredEvent,
  CloseOptions,
  InviteSessionEvents,
  OfferEvent,
  ProvisionalEvent,
  ReferEvent,
  RequestOptions,
  SessionRole,
  Termination,
} from "./invite-session-events.ts";
import { INVITE_SESSION_TABLE, type SessionEvent, type SessionState } from "./invite-session-table.ts";
import { ReferNotifier } from "./refer-notifier.ts";
import { formatReferTo, type Replaces, referTarget, replacesInUri } from "./replaces.ts";
import { type RequestOutcome, watchTransaction } from "./request-outcome.ts";
import { ResponseRetransmitter } from "./response-retransmitter.ts";
import type { InviteAuthenticator, SessionHooks, SessionServices } from "./session-context.ts";
import {
  expiryDelay,
  negotiateAsUas,
  refreshDelay,
  type SessionTimerState,
  sessionTimerRequestHeaders,
  timerFromResponse,
  type UasTimerDecision,
} from "./session-timer.ts";
import { parseSipfragStatus } from "./sipfrag.ts";

interface Pending2xx {
  cseq: number;
  initial: boolean;
  retransmitter: ResponseRetransmitter;
}

const MAX_GLARE_RETRIES = 3;
const MAX_422_RETRIES = 2;
/** Challenges answered per INVITE (a stale nonce may need a second answer, RFC 7616 §3.3). */
const MAX_AUTH_RETRIES = 3;

export class InviteSession {
  readonly events = new TypedEmitter<InviteSessionEvents>();
  private current: SessionState;
  private invite: SipRequest;
  private inviteTx: InviteClientTransaction | InviteServerTransaction | undefined;
  private readonly early = new Map<string, Dialog>();
  private confirmedDialog: Dialog | undefined;
  private readonly acks = new Map<string, { ack: SipRequest; target: Target }>();
  private pending2xx: Pending2xx | undefined;
  private outgoingInvite = false;
  private offerOutstanding = false;
  private incomingOffer: ServerTransaction | undefined;
  private cancelSent = false;
  /** Extra headers for our CANCEL, given to close() (RFC 3326 §2: Reason). */
  private cancelHeaders: ReadonlyArray<readonly [string, string]> = [];
  private byeAfterAck = false;
  private timer: SessionTimerState | undefined;
  private readonly handles = new Set<TimerHandle>();
  private sessionTimerHandle: TimerHandle | undefined;
  private ending: Termination | undefined;
  private peerAllow: string[] = [];
  private flow: MessageSource | undefined;
  /** REFERs sent whose subscription may still report (counted from the send: a NOTIFY may beat the 202). */
  private referSubscriptions = 0;
  /** re-INVITE/UPDATE promises waiting out a §14.1 glare delay. */
  private readonly waitingRetry = new Set<(o: RequestOutcome) => void>();
  /** Late offer: the 2xx carried the offer and the ACK waits for the answer. */
  private awaitingAnswer = false;
  private readonly notifiers: ReferNotifier[] = [];
  private retries422 = 0;
  private authRetries = 0;
  private authenticate: InviteAuthenticator | undefined;
  private uasTimer: UasTimerDecision = { kind: "none" };
  /** The last body we sent as offer or answer, and the last the peer sent. */
  localBody: Body | undefined;
  remoteBody: Body | undefined;

  private constructor(
    readonly role: SessionRole,
    private readonly services: SessionServices,
    private readonly hooks: SessionHooks,
    invite: SipRequest,
    readonly localTag: string,
  ) {
    this.invite = invite;
    this.current = role === "uac" ? "calling" : "incoming";
    this.events.onListenerError((err, event) =>
      services.logger.error("session listener threw", { event: String(event), err }),
    );
  }

  /** The UAC side: sends invite (built by the dialog layer) to target. */
  static outgoing(
    services: SessionServices,
    hooks: SessionHooks,
    invite: SipRequest,
    target: Target,
    offer: Body | undefined,
    authenticate?: InviteAuthenticator,
  ): InviteSession {
    const from = getHeader(invite, "From");
    const tag = from ? getTag(parseNameAddr(from)) : undefined;
    if (!tag) throw new StateError("INVITE without a From tag", "calling", "sendInvite");
    const s = new InviteSession("uac", services, hooks, invite, tag);
    s.localBody = offer;
    s.authenticate = authenticate;
    s.sendInvite(target);
    return s;
  }

  /** The UAS side: a new INVITE with its server transaction (checked by the dialog layer). */
  static incoming(
    services: SessionServices,
    hooks: SessionHooks,
    invite: SipRequest,
    tx: InviteServerTransaction,
    source: MessageSource,
    timer: UasTimerDecision,
  ): InviteSession {
    const s = new InviteSession("uas", services, hooks, invite, services.ids.tag());
    s.inviteTx = tx;
    s.flow = source;
    s.uasTimer = timer;
    s.remoteBody = bodyOf(invite);
    s.notePeerAllow(invite);
    const d = Dialog.fromRequest(invite, s.localTag, services.contact, source.protocol === "TLS");
    s.early.set(d.id.remoteTag, d);
    hooks.dialogAdded(d);
    return s;
  }

  get state(): SessionState {
    return this.current;
  }

  get terminated(): boolean {
    return this.current === "terminated";
  }

  /** The confirmed dialog, or (before that) the most recent early dialog. */
  get dialog(): Dialog | undefined {
    if (this.confirmedDialog) return this.confirmedDialog;
    let last: Dialog | undefined;
    for (const d of this.early.values()) last = d;
    return last;
  }

  /** Early dialogs (UAC: one per fork that answered with a tagged provisional). */
  get earlyDialogs(): Dialog[] {
    return [...this.early.values()];
  }

  get callId(): string {
    return getHeader(this.invite, "Call-ID") ?? "";
  }

  /** The initial INVITE (UAC: the latest attempt, after a 422 retry). */
  get request(): SipRequest {
    return this.invite;
  }

  /** The negotiated session timer (RFC 4028), if any. */
  get sessionTimer(): SessionTimerState | undefined {
    return this.timer;
  }

  /** Applies an event through INVITE_SESSION_TABLE; throws StateError for an illegal edge. */
  private fire(event: SessionEvent): void {
    this.current = transition(INVITE_SESSION_TABLE, this.current, event).next;
  }

  private can(event: SessionEvent): boolean {
    return INVITE_SESSION_TABLE[this.current][event] !== undefined;
  }

  // ───────────────────────────── UAC: the initial INVITE ─────────────────────────────

  private sendInvite(target: Target): void {
    const tx = this.services.transactions.sendRequest(this.invite, target);
    if (!(tx instanceof InviteClientTransaction))
      throw new StateError("not an INVITE", this.current, "sendInvite");
    this.inviteTx = tx;
    tx.events.on("response", (res) => {
      if (this.inviteTx === tx) this.onInviteResponse(res);
      else if (res.status >= 200 && res.status < 300) this.onLate2xx(res);
    });
    const fail = (cause: "timeout" | "transportError") => {
      if (this.inviteTx !== tx || !this.can("timerB")) return;
      this.fire("timerB");
      this.end({ cause, by: "local", status: cause === "timeout" ? 408 : 503 });
    };
    tx.events.on("timeout", () => fail("timeout"));
    tx.events.on("transportError", () => fail("transportError"));
  }

  private onInviteResponse(res: SipResponse): void {
    if (res.status < 200) this.onProvisional(res);
    else if (res.status < 300) this.on2xx(res);
    else this.onFailure(res);
  }

  private onProvisional(res: SipResponse): void {
    if (!this.can("resp1xx")) return;
    this.fire("resp1xx");
    const tag = toTag(res);
    let dialog: Dialog | undefined;
    // RFC 3261 §12.1.2: a 101-199 with a To tag creates an early dialog (one per fork).
    if (tag && res.status > 100) {
      dialog = this.early.get(tag);
      if (dialog) dialog.refreshTarget(res);
      else {
        dialog = Dialog.fromResponse(this.invite, res, this.services.contact);
        this.early.set(tag, dialog);
        this.hooks.dialogAdded(dialog);
      }
      this.notePeerAllow(res);
    }
    // RFC 3261 §9.1: a CANCEL waits for the first provisional response.
    if (this.current === "cancelling" && !this.cancelSent) {
      this.sendCancel();
      return;
    }
    const ev: ProvisionalEvent = { response: res, status: res.status };
    const body = bodyOf(res);
    if (body) ev.body = body;
    if (dialog) ev.dialog = dialog;
    this.events.emit("provisional", ev);
  }

  private on2xx(res: SipResponse): void {
    const tag = toTag(res);
    if (!tag) return;
    if (this.confirmedDialog) {
      // RFC 3261 §13.2.2.4: a retransmitted 2xx is ACKed again; another fork's 2xx is ACKed
      // and its dialog ended with BYE.
      if (tag !== this.confirmedDialog.id.remoteTag) this.onLate2xx(res);
      else if (!this.awaitingAnswer) this.ack2xx(this.confirmedDialog, this.invite);
      return;
    }
    if (this.current === "cancelling" || this.current === "terminated") {
      // RFC 3261 §15 / §9.1: the 2xx won the race with our CANCEL (or we are gone): ACK, BYE.
      this.ackAndBye(res);
      if (this.can("resp2xx")) {
        this.fire("resp2xx");
        this.end({ cause: "cancel", by: "local" });
      }
      return;
    }
    let dialog = this.early.get(tag);
    if (dialog) {
      this.early.delete(tag);
      dialog.confirmFrom2xx(res); // RFC 3261 §13.2.2.4: recompute the route set
    } else {
      dialog = Dialog.fromResponse(this.invite, res, this.services.contact);
      this.hooks.dialogAdded(dialog);
    }
    this.confirmedDialog = dialog;
    // RFC 3261 §13.2.2.4: the other early dialogs of this INVITE end when one is confirmed.
    for (const d of this.early.values()) {
      d.fire("close");
      this.hooks.dialogRemoved(d);
    }
    this.early.clear();
    this.fire("resp2xx");
    this.notePeerAllow(res);
    const body = bodyOf(res);
    if (body) this.remoteBody = body;
    // RFC 3261 §13.2.2.4: when the INVITE had no offer the 2xx carries one and the ACK MUST
    // carry the answer; with a listener to provide it, the ACK waits for ack(answer).
    const confirmed = dialog;
    this.awaitingAnswer = !this.localBody && body !== undefined && this.events.listenerCount("answered") > 0;
    if (!this.awaitingAnswer) this.ack2xx(dialog, this.invite);
    // RFC 4028 §7.2: the 2xx says whether a session timer runs and who refreshes (the UAS may
    // ask for one we did not request: we sent Supported: timer).
    this.applyTimer(timerFromResponse(res));
    const ev: AnsweredEvent = { response: res };
    if (body) ev.body = body;
    if (this.awaitingAnswer)
      ev.ack = (answer: Body) => {
        if (!this.awaitingAnswer) return;
        this.awaitingAnswer = false;
        this.localBody = answer;
        this.ack2xx(confirmed, this.invite, answer);
      };
    this.events.emit("answered", ev);
    this.events.emit("confirmed", body ? { body } : {});
  }

  /** A 2xx to one of our INVITEs that arrived after its client transaction ended (§13.2.2.4). */
  receiveStray2xx(res: SipResponse): void {
    if (this.role === "uac") this.onLate2xx(res);
  }

  /** A 2xx for a dialog that did not win (another fork, or after the session ended). */
  private onLate2xx(res: SipResponse): void {
    const tag = toTag(res);
    if (!tag) return;
    const key = `${tag}\u0000${getCSeq(res)?.seq ?? 0}`;
    const sent = this.acks.get(key);
    if (sent) {
      this.resendAck(sent.ack, sent.target);
      return;
    }
    this.ackAndBye(res);
  }

  /** RFC 3261 §13.2.2.4: ACK the 2xx and send BYE on the dialog it created. */
  private ackAndBye(res: SipResponse): void {
    const d = Dialog.fromResponse(this.invite, res, this.services.contact);
    this.ack2xx(d, this.invite);
    this.sendRequest(d, "BYE", {}, () => {});
    d.fire("bye");
  }

  private onFailure(res: SipResponse): void {
    if (!this.can("resp300to699")) return;
    // RFC 4028 §7.4: 422 → retry with the Min-SE it names as the Session-Expires.
    if (res.status === 422 && this.current !== "cancelling" && this.retries422 < MAX_422_RETRIES) {
      const minSE = Number(getHeader(res, "Min-SE")?.split(";")[0]?.trim());
      if (Number.isInteger(minSE) && minSE > 0 && this.retryWithMinSE(minSE)) return;
    }
    // RFC 3261 §22.2: a 401/407 is answered by a new INVITE with credentials (the transaction
    // layer ACKed the challenge, §17.1.1.3).
    if (
      (res.status === 401 || res.status === 407) &&
      this.current !== "cancelling" &&
      this.retryWithCredentials(res)
    )
      return;
    this.fire("resp300to699");
    // RFC 3261 §12.3: the early dialogs end with the non-2xx final response.
    for (const d of this.early.values()) if (d.can("non2xxFinal")) d.fire("non2xxFinal");
    const cancelled = this.cancelSent && res.status === 487;
    this.end(
      cancelled
        ? { cause: "cancel", by: "local", status: 487 }
        : { cause: "rejected", by: "remote", status: res.status },
    );
  }

  private retryWithMinSE(minSE: number): boolean {
    const tx = this.inviteTx;
    if (!(tx instanceof InviteClientTransaction)) return false;
    this.retries422++;
    for (const d of this.early.values()) this.hooks.dialogRemoved(d);
    this.early.clear();
    const next: SipRequest = { ...this.invite, headers: this.invite.headers.map((h) => ({ ...h })) };
    const cseq = getCSeq(this.invite)!;
    // RFC 3261 §8.1.3.5-like retry: same Call-ID and From tag, CSeq + 1, new branch.
    setHeader(next, "CSeq", formatCSeq({ seq: cseq.seq + 1, method: "INVITE" }));
    const via = getHeaders(next, "Via")[0] ?? "";
    setHeader(next, "Via", via.replace(/branch=[^;,\s]+/i, `branch=${this.services.ids.branch()}`));
    for (const [n, v] of sessionTimerRequestHeaders(minSE, minSE)) setHeader(next, n, v);
    this.invite = next;
    this.fire("retry422"); // a new INVITE transaction
    this.sendInvite(tx.target);
    return true;
  }

  private retryWithCredentials(challenge: SipResponse): boolean {
    const tx = this.inviteTx;
    if (!this.authenticate || this.authRetries >= MAX_AUTH_RETRIES) return false;
    if (!(tx instanceof InviteClientTransaction)) return false;
    const header = this.authenticate(challenge, this.invite);
    if (!header) return false;
    this.authRetries++;
    for (const d of this.early.values()) this.hooks.dialogRemoved(d);
    this.early.clear();
    // RFC 3261 §8.1.3.5: same Call-ID, To, From and tag, CSeq + 1, a new branch; the credentials
    // replace any sent before (§22.2: one answer per realm challenged).
    const headers = this.invite.headers
      .filter((h) => !/^(proxy-)?authorization$/i.test(h.name))
      .map((h) => ({ ...h }));
    const next: SipRequest = { ...this.invite, headers };
    const cseq = getCSeq(this.invite)!;
    setHeader(next, "CSeq", formatCSeq({ seq: cseq.seq + 1, method: "INVITE" }));
    const via = getHeaders(next, "Via")[0] ?? "";
    setHeader(next, "Via", via.replace(/branch=[^;,\s]+/i, `branch=${this.services.ids.branch()}`));
    const at = next.headers.findIndex((h) => /^content-type$/i.test(h.name));
    next.headers.splice(at < 0 ? next.headers.length : at, 0, { name: header.name, value: header.value });
    this.invite = next;
    this.fire("retryAuth"); // a new INVITE transaction
    this.sendInvite(tx.target);
    return true;
  }

  private sendCancel(): void {
    const tx = this.inviteTx;
    if (!(tx instanceof InviteClientTransaction) || this.cancelSent) return;
    this.cancelSent = true;
    // RFC 3261 §9.1: the INVITE's Request-URI, Call-ID, From, To, CSeq number, top Via and Route.
    const { request, ignored } = cancelRequest(tx.request, this.cancelHeaders);
    if (ignored.length > 0)
      this.services.logger.warn("CANCEL headers fixed by RFC 3261 §9.1 ignored", { ignored });
    this.services.transactions.sendRequest(request, tx.target);
    // RFC 3261 §9.1: no final response 64*T1 after the CANCEL → the INVITE is considered
    // cancelled and its client transaction destroyed.
    this.after(64 * this.services.timers.T1, () => {
      if (!this.can("timerCancel")) return;
      this.fire("timerCancel");
      tx.close();
      this.end({ cause: "cancel", by: "local" });
    });
  }

  // ───────────────────────────── ACK for 2xx ─────────────────────────────

  /** RFC 3261 §13.2.2.4: the UAC core builds and sends the ACK for a 2xx (again for retransmissions). */
  private ack2xx(dialog: Dialog, invite: SipRequest, body?: Body): void {
    const seq = getCSeq(invite)?.seq ?? 0;
    const key = `${dialog.id.remoteTag}\u0000${seq}`;
    const sent = this.acks.get(key);
    if (sent) {
      this.resendAck(sent.ack, sent.target);
      return;
    }
    const { request, nextHop } = dialog.createAck(invite, this.services.ids, body);
    let target: Target;
    try {
      target = this.services.resolve(nextHop, this.flow);
    } catch (err) {
      this.services.logger.warn("ACK not routable", { err });
      return;
    }
    this.acks.set(key, { ack: request, target });
    this.resendAck(request, target);
  }

  private resendAck(ack: SipRequest, target: Target): void {
    this.services.transactions.sendAck(ack, target).catch((err: unknown) => {
      this.services.logger.debug("ACK not sent", { err });
    });
  }

  /** An ACK for a 2xx we sent (the dialog layer routes it here; §13.3.1.4). */
  receiveAck(ack: SipRequest, source: MessageSource): void {
    const p = this.pending2xx;
    const seq = getCSeq(ack)?.seq;
    if (!p || seq !== p.cseq) return; // a retransmitted or unrelated ACK
    this.flow = source;
    p.retransmitter.stop();
    this.pending2xx = undefined;
    const body = bodyOf(ack);
    if (body) this.remoteBody = body;
    if (p.initial) {
      if (!this.can("ack")) return;
      this.fire("ack");
      this.events.emit("confirmed", body ? { ack, body } : { ack });
      // RFC 3261 §15: the callee waits for the ACK before sending BYE.
      if (this.byeAfterAck) this.close();
    } else {
      this.events.emit("ack", body ? { request: ack, body } : { request: ack });
    }
  }

  // ───────────────────────────── UAS: answering the INVITE ─────────────────────────────

  /** Sends a provisional response (180 Ringing, 183 with early media...). */
  progress(
    status = 180,
    opts: { body?: Body; headers?: ReadonlyArray<readonly [string, string]> } = {},
  ): void {
    if (status < 100 || status > 199) throw new RangeError(`not a provisional status: ${status}`);
    this.fire("send1xx");
    const d = this.uasDialog();
    // RFC 3261 §12.1.1: a provisional that establishes an early dialog carries our tag and Contact.
    this.respondTo(this.invite, this.serverInviteTx(), status, { ...opts, contact: status > 100 });
    if (status > 100 && d.can("provisional")) d.fire("provisional");
    if (opts.body) this.localBody = opts.body;
  }

  /** Sends the 2xx (with the answer, or an offer when the INVITE had none). */
  answer(body?: Body, headers: ReadonlyArray<readonly [string, string]> = []): void {
    this.fire("send2xx");
    const d = this.uasDialog();
    const timer = this.uasTimer;
    const extra: Array<readonly [string, string]> = [...this.capabilityHeaders()];
    if (timer.kind === "accept") extra.push(...timer.headers);
    extra.push(...headers);
    const opts: { body?: Body; headers: ReadonlyArray<readonly [string, string]>; contact: boolean } = {
      headers: extra,
      contact: true,
    };
    if (body) {
      opts.body = body;
      this.localBody = body;
    }
    const res = this.respondTo(this.invite, this.serverInviteTx(), 200, opts);
    d.fire("resp2xx");
    this.confirmedDialog = d;
    this.early.clear();
    this.start2xxRetransmission(this.serverInviteTx(), res, getCSeq(this.invite)?.seq ?? 0, true);
    if (timer.kind === "accept") this.applyTimer(timer.state);
  }

  /** Sends a final failure response (3xx-6xx) to the INVITE. */
  reject(status = 486, headers: ReadonlyArray<readonly [string, string]> = []): void {
    if (status < 300 || status > 699) throw new RangeError(`not a failure status: ${status}`);
    this.fire("send300to699");
    this.respondTo(this.invite, this.serverInviteTx(), status, { headers });
    const d = this.early.values().next().value;
    if (d?.can("non2xxFinal")) d.fire("non2xxFinal");
    this.end({ cause: "rejected", by: "local", status });
  }

  /** A CANCEL matched to our INVITE server transaction (RFC 3261 §9.2). */
  receiveCancel(cancel: SipRequest, tx: ServerTransaction): void {
    // RFC 3261 §9.2: the CANCEL itself is answered 200 whether or not it has an effect.
    this.respondTo(cancel, tx, 200, {});
    if (!this.can("cancelReceived")) return;
    this.fire("cancelReceived");
    // RFC 3261 §9.2: the INVITE that was not yet answered gets 487.
    this.respondTo(this.invite, this.serverInviteTx(), 487, {});
    const d = this.early.values().next().value;
    if (d?.can("non2xxFinal")) d.fire("non2xxFinal");
    this.end({ cause: "cancel", by: "remote", status: 487 });
  }

  private uasDialog(): Dialog {
    const d = this.confirmedDialog ?? this.early.values().next().value;
    if (!d) throw new StateError("no dialog", this.current, "respond");
    return d;
  }

  private serverInviteTx(): InviteServerTransaction {
    const tx = this.inviteTx;
    if (!(tx instanceof InviteServerTransaction)) throw new StateError("not a UAS", this.current, "respond");
    return tx;
  }

  private start2xxRetransmission(
    tx: InviteServerTransaction,
    res: SipResponse,
    cseq: number,
    initial: boolean,
  ) {
    const { T1, T2 } = this.services.timers;
    const retransmitter = new ResponseRetransmitter(
      this.services.clock,
      T1,
      T2,
      () => {
        // RFC 3261 §13.3.1.4: the UAS core passes the 2xx to the transport again.
        try {
          tx.respond(res);
        } catch {
          this.services.transactions.sendStatelessResponse(res, this.flow).catch(() => {});
        }
      },
      () => this.onAckTimeout(),
    );
    this.pending2xx = { cseq, initial, retransmitter };
    retransmitter.start();
  }

  /** RFC 3261 §13.3.1.4: 64*T1 without ACK: the dialog is confirmed but the session ends with BYE. */
  private onAckTimeout(): void {
    this.pending2xx = undefined;
    const d = this.confirmedDialog;
    if (!d || !this.can("ackTimeout")) return;
    this.sendRequest(d, "BYE", {}, () => {});
    this.fire("ackTimeout");
    d.fire("ackTimeout");
    this.end({ cause: "ackTimeout", by: "local" });
  }

  // ───────────────────────────── requests inside the dialog ─────────────────────────────

  /** A request inside one of our dialogs (the dialog layer found it by dialog ID). */
  receiveRequest(req: SipRequest, tx: ServerTransaction, source: MessageSource, dialog: Dialog): void {
    try {
      dialog.checkRemoteCSeq(req); // RFC 3261 §12.2.2
    } catch (err) {
      if (err instanceof SipFailure) {
        this.respondTo(req, tx, err.status, { reason: err.reason });
        return;
      }
      throw err;
    }
    this.flow = source;
    switch (req.method) {
      case "BYE": {
        this.onBye(req, tx, dialog);
        return;
      }
      case "INVITE": {
        this.onReinvite(req, tx, dialog);
        return;
      }
      case "UPDATE": {
        this.onUpdate(req, tx, dialog);
        return;
      }
      case "INFO": {
        this.onInfo(req, tx);
        return;
      }
      case "REFER": {
        this.onRefer(req, tx, dialog);
        return;
      }
      case "NOTIFY": {
        this.onNotify(req, tx);
        return;
      }
      case "OPTIONS":
        this.respondTo(req, tx, 200, { headers: this.capabilityHeaders() });
        return;
      default: {
        if (this.events.listenerCount("request") === 0) {
          this.respondTo(req, tx, 405, { headers: [["Allow", this.services.allow.join(", ")]] });
          return;
        }
        let answered = false;
        this.events.emit("request", {
          request: req,
          respond: (status, headers = [], body) => {
            if (answered) return;
            answered = true;
            const o: { headers: typeof headers; body?: Body } = { headers };
            if (body) o.body = body;
            this.respondTo(req, tx, status, o);
          },
        });
      }
    }
  }

  private onBye(req: SipRequest, tx: ServerTransaction, dialog: Dialog): void {
    this.respondTo(req, tx, 200, {});
    // RFC 3261 §15.1.2: pending requests in the dialog are answered, 487 recommended.
    if (this.incomingOffer && !this.incomingOffer.terminated) {
      this.respondTo(this.incomingOffer.request, this.incomingOffer, 487, {});
      this.incomingOffer = undefined;
    }
    if (this.current === "incoming") this.respondTo(this.invite, this.serverInviteTx(), 487, {});
    if (!this.can("byeReceived")) return;
    this.fire("byeReceived");
    if (dialog.can("bye")) dialog.fire("bye");
    this.end({ cause: "bye", by: "remote" });
  }

  private onReinvite(req: SipRequest, tx: ServerTransaction, dialog: Dialog): void {
    if (this.current !== "confirmed") {
      // RFC 3261 §14.2: a re-INVITE before the initial transaction completed overlaps it.
      this.respondTo(req, tx, 500, {
        headers: [["Retry-After", String(overlapRetryAfter(this.services.random))]],
      });
      return;
    }
    // RFC 3261 §14.2: our own re-INVITE is pending → 491.
    if (this.outgoingInvite || this.offerOutstanding) {
      this.respondTo(req, tx, 491, {});
      return;
    }
    // RFC 3261 §14.2: a re-INVITE while another INVITE from the peer is pending → 500 with
    // Retry-After between 0 and 10 s.
    if (this.incomingOffer || this.pending2xx) {
      this.respondTo(req, tx, 500, {
        headers: [["Retry-After", String(overlapRetryAfter(this.services.random))]],
      });
      return;
    }
    this.answerOffer("reinvite", req, tx, dialog);
  }

  private onUpdate(req: SipRequest, tx: ServerTransaction, dialog: Dialog): void {
    const offer = bodyOf(req);
    if (offer) {
      // RFC 3311 §5.2: an UPDATE with an offer while ours is outstanding → 491; while the
      // peer's previous offer is unanswered → 500 with Retry-After.
      if (this.offerOutstanding) {
        this.respondTo(req, tx, 491, {});
        return;
      }
      if (this.incomingOffer) {
        this.respondTo(req, tx, 500, {
          headers: [["Retry-After", String(overlapRetryAfter(this.services.random))]],
        });
        return;
      }
    }
    this.answerOffer("update", req, tx, dialog);
  }

  /** The common answer path of re-INVITE and UPDATE (target refresh + session timer + offer). */
  private answerOffer(
    kind: "reinvite" | "update",
    req: SipRequest,
    tx: ServerTransaction,
    dialog: Dialog,
  ): void {
    const decision = negotiateAsUas(req, this.timerConfigForRefresh());
    if (decision.kind === "reject") {
      this.respondTo(req, tx, 422, { headers: decision.headers }); // RFC 4028 §9
      return;
    }
    // RFC 3261 §12.2.2 / RFC 3311 §5.2: a target refresh request replaces the remote target.
    dialog.refreshTarget(req);
    this.notePeerAllow(req);
    const offer = bodyOf(req);
    let answered = false;
    this.incomingOffer = tx;
    const finish = () => {
      answered = true;
      if (this.incomingOffer === tx) this.incomingOffer = undefined;
    };
    const event: OfferEvent = {
      request: req,
      accept: (answer, headers = []) => {
        if (answered || this.terminated) return;
        finish();
        const extra: Array<readonly [string, string]> = [...this.capabilityHeaders()];
        if (decision.kind === "accept") extra.push(...decision.headers);
        extra.push(...headers);
        const o: { headers: typeof extra; contact: boolean; body?: Body } = { headers: extra, contact: true };
        if (answer) {
          o.body = answer;
          this.localBody = answer;
        }
        if (offer) this.remoteBody = offer;
        const res = this.respondTo(req, tx, 200, o);
        if (kind === "reinvite" && tx instanceof InviteServerTransaction)
          this.start2xxRetransmission(tx, res, getCSeq(req)?.seq ?? 0, false);
        this.applyTimer(decision.kind === "accept" ? decision.state : undefined);
      },
      reject: (status, headers = []) => {
        if (answered) return;
        finish();
        // RFC 3261 §14.2: a rejected re-INVITE leaves the session as it was.
        this.respondTo(req, tx, status, { headers });
      },
    };
    if (offer) event.offer = offer;
    if (this.events.listenerCount(kind) > 0) {
      this.events.emit(kind, event);
      return;
    }
    // Nobody to negotiate: a bodiless request (a session refresh) is answered with the last
    // local body as the offer (re-INVITE) or without a body (UPDATE); an offer cannot be.
    if (offer) event.reject(488);
    else event.accept(kind === "reinvite" ? this.localBody : undefined);
  }

  private onInfo(req: SipRequest, tx: ServerTransaction): void {
    this.respondTo(req, tx, 200, {});
    const body = bodyOf(req);
    this.events.emit("info", body ? { request: req, body } : { request: req });
    if (body && mediaTypeOf(req) === "application/dtmf-relay") {
      const dtmf = parseDtmfRelay(body.body);
      if (dtmf) this.events.emit("dtmf", dtmf);
    }
  }

  private onRefer(req: SipRequest, tx: ServerTransaction, dialog: Dialog): void {
    // RFC 3515 §2.4.1: exactly one Refer-To, else 400.
    const values = getHeaders(req, "Refer-To");
    let referTo: NameAddr;
    let replaces: Replaces | undefined;
    try {
      if (values.length !== 1) throw new ParseError("exactly one Refer-To expected", 0);
      referTo = parseNameAddr(values[0]!);
      replaces = replacesInUri(referTo.uri);
    } catch {
      this.respondTo(req, tx, 400, { reason: "Bad Refer-To" });
      return;
    }
    if (this.events.listenerCount("refer") === 0) {
      this.respondTo(req, tx, 603, {});
      return;
    }
    const id = getCSeq(req)?.seq ?? 0;
    let answered = false;
    const event: ReferEvent = {
      request: req,
      referTo,
      target: referTarget(referTo),
      accept: () => {
        if (answered) throw new StateError("REFER already answered", this.current, "accept");
        answered = true;
        this.respondTo(req, tx, 202, {}); // RFC 3515 §2.4.2
        const notifier = new ReferNotifier(
          (headers, body) =>
            new Promise((resolve) => this.sendRequest(dialog, "NOTIFY", { headers, body }, resolve)),
          id,
        );
        this.notifiers.push(notifier);
        // RFC 3515 §2.4.4: the first NOTIFY follows at once, reporting 100 Trying.
        notifier.notify(100).catch(() => {});
        return notifier;
      },
      reject: (status) => {
        if (answered) return;
        answered = true;
        this.respondTo(req, tx, status, {});
      },
    };
    if (replaces) event.replaces = replaces;
    const by = getHeader(req, "Referred-By");
    if (by !== undefined) event.referredBy = by;
    this.events.emit("refer", event);
  }

  private onNotify(req: SipRequest, tx: ServerTransaction): void {
    const event = getHeader(req, "Event") ?? "";
    // RFC 6665 §4.1.3 / RFC 3515 §2.4.4: only the refer package, only while we have a REFER
    // subscription; anything else has no subscription → 481 (or 489 for an unknown package).
    if (!/^refer\b/i.test(event.trim())) {
      this.respondTo(req, tx, 489, {});
      return;
    }
    if (this.referSubscriptions === 0) {
      this.respondTo(req, tx, 481, {});
      return;
    }
    let frag: { status: number; reason: string };
    try {
      frag = parseSipfragStatus(req.body);
    } catch {
      this.respondTo(req, tx, 400, { reason: "Bad sipfrag" });
      return;
    }
    this.respondTo(req, tx, 200, {});
    const final = /^\s*terminated/i.test(getHeader(req, "Subscription-State") ?? "");
    if (final) this.referSubscriptions--;
    this.events.emit("referProgress", { request: req, status: frag.status, reason: frag.reason, final });
  }

  // ───────────────────────────── sending inside the dialog ─────────────────────────────

  /**
   * Sends a re-INVITE (RFC 3261 §14.1) with an offer. Throws StateError when the session is not
   * confirmed or another INVITE transaction is in progress in either direction (§14.1). A 491
   * is retried after the §14.1 delay; the promise settles with the last final outcome.
   */
  reinvite(offer?: Body, opts: RequestOptions = {}): Promise<RequestOutcome> {
    const d = this.confirmedDialog;
    if (this.current !== "confirmed" || !d)
      throw new StateError("no confirmed dialog", this.current, "reinvite");
    // RFC 3261 §14.1: no re-INVITE while another INVITE transaction is in progress.
    if (this.outgoingInvite || this.incomingOffer || this.pending2xx || this.offerOutstanding)
      throw new StateError("an offer or INVITE is pending", this.current, "reinvite");
    return new Promise((resolve) => this.runOffer("INVITE", d, offer, opts, 0, resolve));
  }

  /** Sends an UPDATE (RFC 3311), with an offer or none (a session refresh). */
  update(offer?: Body, opts: RequestOptions = {}): Promise<RequestOutcome> {
    const d = this.dialog;
    if (!d || d.state === "terminated" || this.terminated)
      throw new StateError("no dialog", this.current, "update");
    if (offer && (this.offerOutstanding || this.incomingOffer))
      throw new StateError("an offer is pending", this.current, "update"); // RFC 3311 §5.1
    return new Promise((resolve) => this.runOffer("UPDATE", d, offer, opts, 0, resolve));
  }

  private runOffer(
    method: "INVITE" | "UPDATE",
    d: Dialog,
    offer: Body | undefined,
    opts: RequestOptions,
    attempt: number,
    resolve: (o: RequestOutcome) => void,
  ): void {
    if (this.terminated) {
      resolve({ status: 481, reason: "Call/Transaction Does Not Exist" });
      return;
    }
    const headers: Array<readonly [string, string]> = [
      ...this.capabilityHeaders(),
      ...this.refreshTimerHeaders(),
    ];
    headers.push(...(opts.headers ?? []));
    const ro: DialogRequestOptions = { headers };
    if (offer) ro.body = offer;
    if (method === "INVITE") this.outgoingInvite = true;
    if (offer) this.offerOutstanding = true;
    let request: SipRequest | undefined;
    request = this.sendRequest(
      d,
      method,
      ro,
      (o) => {
        if (method === "INVITE") this.outgoingInvite = false;
        if (offer) this.offerOutstanding = false;
        if (this.terminated) return resolve(o);
        if (o.status >= 200 && o.status < 300 && o.response) {
          d.refreshTarget(o.response); // RFC 3261 §12.2.1.2: the 2xx to a target refresh
          this.notePeerAllow(o.response);
          if (offer) this.localBody = offer;
          const answer = bodyOf(o.response);
          if (answer) this.remoteBody = answer;
          this.applyTimer(timerFromResponse(o.response));
          return resolve(o);
        }
        // RFC 3261 §14.1 (RFC 3311 §5.1 for UPDATE): 491 → wait, then try again.
        if (o.status === 491 && attempt < MAX_GLARE_RETRIES) {
          const delay = glareRetryDelay(this.role === "uac", this.services.random);
          this.waitingRetry.add(resolve);
          this.after(delay, () => {
            this.waitingRetry.delete(resolve);
            this.runOffer(method, d, offer, opts, attempt + 1, resolve);
          });
          return;
        }
        resolve(o);
      },
      (res) => {
        // RFC 3261 §13.2.2.4: every 2xx to the re-INVITE (retransmissions too) is ACKed.
        if (method === "INVITE" && request && res.status >= 200 && res.status < 300) this.ack2xx(d, request);
      },
    );
  }

  /** Sends INFO (RFC 6086), e.g. application/dtmf-relay. */
  info(body: Body, opts: RequestOptions = {}): Promise<RequestOutcome> {
    const d = this.requireConfirmed("info");
    const ro: DialogRequestOptions = { body };
    if (opts.headers) ro.headers = opts.headers;
    return new Promise((resolve) => this.sendRequest(d, "INFO", ro, resolve));
  }

  /**
   * Sends REFER (RFC 3515) to target, with Replaces embedded in Refer-To for an attended
   * transfer (RFC 3891 §3). NOTIFYs come back as referProgress events.
   */
  refer(
    target: Uri,
    opts: {
      replaces?: Replaces;
      referredBy?: NameAddr;
      headers?: ReadonlyArray<readonly [string, string]>;
    } = {},
  ): Promise<RequestOutcome> {
    const d = this.requireConfirmed("refer");
    const headers: Array<readonly [string, string]> = [["Refer-To", formatReferTo(target, opts.replaces)]];
    if (opts.referredBy) headers.push(["Referred-By", formatNameAddr(opts.referredBy)]);
    headers.push(...(opts.headers ?? []));
    // RFC 3515 §2.4.4: the NOTIFY may arrive before the 202, so the subscription counts from now.
    this.referSubscriptions++;
    return new Promise((resolve) =>
      this.sendRequest(d, "REFER", { headers }, (o) => {
        if (o.status >= 300) this.referSubscriptions--; // no subscription after all
        resolve(o);
      }),
    );
  }

  /** Sends any other request inside the confirmed dialog (MESSAGE, OPTIONS...). */
  sendInDialog(
    method: string,
    opts: { body?: Body; headers?: ReadonlyArray<readonly [string, string]> } = {},
  ) {
    const d = this.requireConfirmed(method);
    return new Promise<RequestOutcome>((resolve) => this.sendRequest(d, method, opts, resolve));
  }

  private requireConfirmed(op: string): Dialog {
    const d = this.confirmedDialog;
    if (!d || this.terminated || d.state !== "confirmed")
      throw new StateError("no confirmed dialog", this.current, op);
    return d;
  }

  /**
   * Builds (§12.2.1.1), routes and sends a request in dialog d; onFinal runs synchronously with
   * the outcome. Returns the request (undefined when it could not be routed: onFinal gets 503).
   */
  private sendRequest(
    d: Dialog,
    method: string,
    opts: DialogRequestOptions,
    onFinal: (o: RequestOutcome) => void,
    onResponse?: (res: SipResponse) => void,
  ): SipRequest | undefined {
    const { request, nextHop } = d.createRequest(method, this.services.ids, opts);
    let tx: ClientTransaction;
    try {
      tx = this.services.transactions.sendRequest(request, this.services.resolve(nextHop, this.flow));
    } catch (err) {
      this.services.logger.warn("in-dialog request not sent", { method, err });
      onFinal({ status: 503, reason: "Service Unavailable" });
      return undefined;
    }
    watchTransaction(
      tx,
      (o) => {
        // RFC 3261 §12.2.1.2: a 481 or 408 to a request inside the dialog terminates it.
        if ((o.status === 481 || o.status === 408) && method !== "BYE" && d === this.confirmedDialog)
          this.dialogGone(d, o.status);
        onFinal(o);
      },
      onResponse,
    );
    return request;
  }

  private dialogGone(d: Dialog, status: number): void {
    if (!this.can("requestFailed")) return;
    this.fire("requestFailed");
    if (d.can("requestFailed")) d.fire("requestFailed");
    this.end({ cause: "dialogGone", by: "remote", status });
  }

  // ───────────────────────────── session timer (RFC 4028) ─────────────────────────────

  /** What we accept in a refresh: our configuration, or the interval in force. */
  private timerConfigForRefresh() {
    if (this.services.sessionTimer) return this.services.sessionTimer;
    return undefined;
  }

  /** Session-Expires for our own re-INVITE/UPDATE while a timer runs (RFC 4028 §7.4, §8). */
  private refreshTimerHeaders(): Array<[string, string]> {
    const t = this.timer;
    if (!t) return [];
    const minSE = this.services.sessionTimer?.minSE ?? 90;
    return sessionTimerRequestHeaders(t.interval, Math.min(minSE, t.interval), t.weRefresh ? "uac" : "uas");
  }

  private applyTimer(state: SessionTimerState | undefined): void {
    this.services.clock.clearTimeout(this.sessionTimerHandle);
    this.sessionTimerHandle = undefined;
    this.timer = state;
    if (!state || this.terminated) return;
    const clock = this.services.clock;
    if (state.weRefresh) {
      // RFC 4028 §10: the refresher sends a refresh at half the interval.
      this.sessionTimerHandle = clock.setTimeout(() => this.sendRefresh(), refreshDelay(state.interval));
    } else {
      // RFC 4028 §10: without a refresh, BYE shortly before the session expires.
      this.sessionTimerHandle = clock.setTimeout(() => this.expire(), expiryDelay(state.interval));
    }
    this.events.emit("sessionTimer", state);
  }

  private sendRefresh(): void {
    this.sessionTimerHandle = undefined;
    const d = this.confirmedDialog;
    const t = this.timer;
    if (!d || !t || this.current !== "confirmed") return;
    if (this.outgoingInvite || this.incomingOffer || this.pending2xx) {
      // Busy negotiating: that transaction refreshes the session; check again shortly.
      this.sessionTimerHandle = this.services.clock.setTimeout(() => this.sendRefresh(), 1000);
      return;
    }
    // The session expires half an interval from now (the last refresh was half an interval ago).
    const clock = this.services.clock;
    const byeAt = clock.now() + (t.interval / 2 - Math.min(32, t.interval / 3)) * 1000;
    // RFC 4028 §10: a refresh failing other than by 408/481 (which end the dialog at once,
    // RFC 3261 §12.2.1.2) leaves the session to expire: BYE before it does.
    const onFinal = (o: RequestOutcome) => {
      if (o.status < 300 || this.terminated || this.timer !== t) return;
      clock.clearTimeout(this.sessionTimerHandle);
      this.sessionTimerHandle = clock.setTimeout(() => this.expire(), Math.max(0, byeAt - clock.now()));
    };
    // RFC 4028 §9/§10: UPDATE when the peer allows it (no new offer needed), else re-INVITE
    // re-offering the session as it is.
    if (this.peerAllow.includes("UPDATE")) this.runOffer("UPDATE", d, undefined, {}, 0, onFinal);
    else this.runOffer("INVITE", d, this.localBody, {}, 0, onFinal);
  }

  private expire(): void {
    this.sessionTimerHandle = undefined;
    const d = this.confirmedDialog;
    if (!d || !this.can("sessionExpired")) return;
    // RFC 4028 §10: the session is over; BYE ends it.
    this.sendRequest(d, "BYE", {}, () => {});
    this.fire("sessionExpired");
    d.fire("sessionExpired");
    this.end({ cause: "sessionExpired", by: "local" });
  }

  // ───────────────────────────── ending ─────────────────────────────

  /**
   * Ends the session the way its state requires, once: CANCEL before the final response (after
   * a provisional, §9.1), 480 for an unanswered incoming INVITE, BYE on a confirmed dialog
   * (after the ACK for our 2xx, §15). Idempotent. `cancelHeaders` go on the CANCEL only.
   */
  close(options: CloseOptions = {}): void {
    switch (this.current) {
      case "terminated":
      case "cancelling":
        return;
      case "calling":
        this.cancelHeaders = options.cancelHeaders ?? [];
        this.fire("cancel"); // RFC 3261 §9.1: the CANCEL waits for a provisional response
        return;
      case "proceeding":
        this.cancelHeaders = options.cancelHeaders ?? [];
        this.fire("cancel");
        this.sendCancel();
        return;
      case "incoming":
        this.reject(480);
        return;
      case "answered":
        this.byeAfterAck = true; // RFC 3261 §15: no BYE before the ACK (or its timeout)
        return;
      case "confirmed": {
        const d = this.confirmedDialog!;
        if (this.awaitingAnswer) {
          // No answer came for the 2xx's offer: ACK without one, then BYE (§15: ACK before BYE).
          this.awaitingAnswer = false;
          this.ack2xx(d, this.invite);
        }
        this.sendRequest(d, "BYE", {}, () => {});
        this.fire("byeSent"); // RFC 3261 §15.1.1: the session is over once the BYE is sent
        if (d.can("bye")) d.fire("bye");
        this.end({ cause: "bye", by: "local" });
        return;
      }
    }
  }

  /** Same as close(). */
  terminate(): void {
    this.close();
  }

  private end(t: Termination): void {
    if (this.ending) return;
    this.ending = t;
    this.current = "terminated";
    this.pending2xx?.retransmitter.stop();
    this.pending2xx = undefined;
    this.services.clock.clearTimeout(this.sessionTimerHandle);
    for (const h of this.handles) this.services.clock.clearTimeout(h);
    this.handles.clear();
    // Offers waiting to retry after a 491 will not be sent: settle their promises.
    for (const resolve of this.waitingRetry)
      resolve({ status: 481, reason: "Call/Transaction Does Not Exist" });
    this.waitingRetry.clear();
    for (const n of this.notifiers) n.close();
    for (const d of [...this.early.values(), ...(this.confirmedDialog ? [this.confirmedDialog] : [])]) {
      if (d.can("close")) d.fire("close");
      this.hooks.dialogRemoved(d);
    }
    this.hooks.ended();
    this.events.emit("terminated", t);
  }

  /** How the session ended, once it has. */
  get termination(): Termination | undefined {
    return this.ending;
  }

  // ───────────────────────────── helpers ─────────────────────────────

  private after(ms: number, fn: () => void): void {
    const h = this.services.clock.setTimeout(() => {
      this.handles.delete(h);
      fn();
    }, ms);
    this.handles.add(h);
  }

  private capabilityHeaders(): Array<[string, string]> {
    return [
      ["Allow", this.services.allow.join(", ")],
      ["Supported", this.services.supported.join(", ")],
    ];
  }

  private notePeerAllow(msg: SipRequest | SipResponse): void {
    try {
      const allow = getTokens(msg, "Allow");
      if (allow.length > 0) this.peerAllow = allow.map((m) => m.toUpperCase());
    } catch {
      // a malformed Allow tells us nothing
    }
  }

  /** Builds and sends a response in tx; our tag goes on responses to the initial INVITE. */
  private respondTo(
    req: SipRequest,
    tx: ServerTransaction,
    status: number,
    opts: {
      headers?: ReadonlyArray<readonly [string, string]>;
      body?: Body;
      contact?: boolean;
      reason?: string;
    },
  ): SipResponse {
    const headers: Array<[string, string]> = [];
    if (opts.contact) headers.push(["Contact", formatNameAddr(this.services.contact)]);
    for (const [n, v] of opts.headers ?? []) headers.push([n, v]);
    if (opts.body) headers.push(["Content-Type", opts.body.contentType]);
    const o: ResponseOptions = { toTag: this.localTag, headers };
    if (opts.body) o.body = opts.body.body;
    if (opts.reason) o.reason = opts.reason;
    const res = createResponse(req, status, o);
    try {
      tx.respond(res);
    } catch (err) {
      this.services.logger.debug("response not sent", { status, err });
    }
    return res;
  }
}

function toTag(res: SipResponse): string | undefined {
  try {
    const to = getTo(res);
    return to ? getTag(to) : undefined;
  } catch {
    return undefined;
  }
}
