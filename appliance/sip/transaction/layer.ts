// The transaction layer (RFC 3261 §17): owns every client and server transaction, routes each
// incoming message to its transaction or up to the transaction user (TU), and forgets
// transactions when they terminate. The TU registers callbacks: this layer imports nothing
// above it.
import { type Clock, type IdSource, Logger, ParseError, StateError } from "../../base/index.ts";
import {
  createResponse,
  getTo,
  getTopVia,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  viaBranch,
} from "../message/index.ts";
import type { MessageSource, SipSender, Target } from "../transport/index.ts";
import {
  type ClientTransaction,
  InviteClientTransaction,
  NonInviteClientTransaction,
} from "./client-transaction.ts";
import { clientKey, hasToTag, isRfc3261Branch, responseKey, serverKeys } from "./keys.ts";
import { createCancel } from "./requests.ts";
import {
  InviteServerTransaction,
  NonInviteServerTransaction,
  type ServerTransaction,
} from "./server-transaction.ts";
import { resolveTimers, type TimerConfig } from "./timers.ts";
import type { TransactionDeps } from "./transaction.ts";

export interface TransactionUser {
  /**
   * A new request, with the server transaction created for it; or an ACK that matched no
   * server transaction (tx undefined): ACKs to 2xx are end-to-end (RFC 3261 §17.2.3).
   */
  onRequest(req: SipRequest, tx: ServerTransaction | undefined, source: MessageSource): void;
  /** A response that matches no client transaction, e.g. a late 2xx retransmission (§17.1.3). */
  onStrayResponse?(res: SipResponse, source: MessageSource): void;
}

export interface TransactionLayerOptions {
  transport: SipSender;
  clock: Clock;
  /** Only used for To tags of the 100/400/482 responses this layer sends itself. */
  ids?: IdSource;
  timers?: Partial<TimerConfig>;
  logger?: Logger;
  /** Send 100 Trying as soon as an INVITE server transaction exists (RFC 3261 §17.2.1). Default true. */
  sendTrying?: boolean;
  /** Answer merged requests 482 (RFC 3261 §8.2.2.2). Default true. */
  detectMergedRequests?: boolean;
}

export class TransactionLayer {
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly servers = new Map<string, ServerTransaction>();
  /** RFC 2543 ACK key → INVITE server transaction. */
  private readonly ackIndex = new Map<string, InviteServerTransaction>();
  /** From tag + Call-ID + CSeq → server transaction, for merged-request detection. */
  private readonly mergeIndex = new Map<string, ServerTransaction>();
  private readonly deps: TransactionDeps;
  private tu: TransactionUser | undefined;
  private closed = false;

  constructor(private readonly options: TransactionLayerOptions) {
    this.deps = {
      transport: options.transport,
      clock: options.clock,
      timers: resolveTimers(options.timers),
      logger: (options.logger ?? Logger.silent()).child({ layer: "transaction" }),
    };
  }

  setUser(tu: TransactionUser): void {
    this.tu = tu;
  }

  get counts(): { client: number; server: number } {
    return { client: this.clients.size, server: this.servers.size };
  }

  /**
   * Starts a client transaction for req (INVITE or non-INVITE) towards target. The top Via must
   * carry a branch with the magic cookie (RFC 3261 §8.1.1.7). ACKs are not transactions: the
   * TU sends an ACK for a 2xx straight through the transport (RFC 3261 §17.1.1.3).
   */
  sendRequest(req: SipRequest, target: Target): ClientTransaction {
    if (this.closed) throw new StateError("transaction layer closed", "closed", "sendRequest");
    if (req.method === "ACK") throw new StateError("ACK is not sent in a transaction", "idle", "sendRequest");
    const via = getTopVia(req);
    const branch = via && viaBranch(via);
    if (!isRfc3261Branch(branch)) throw new ParseError("request needs a top Via with a z9hG4bK branch", 0);
    const key = clientKey(branch, req.method);
    if (this.clients.has(key)) throw new StateError("branch already in use", "active", "sendRequest");
    const tx =
      req.method === "INVITE"
        ? new InviteClientTransaction(key, req, target, this.deps)
        : new NonInviteClientTransaction(key, req, target, this.deps);
    this.clients.set(key, tx);
    tx.events.on("terminated", () => this.clients.delete(key));
    tx.start();
    return tx;
  }

  /**
   * Sends an ACK for a 2xx: not a transaction, straight to the transport (RFC 3261 §13.2.2.4,
   * §17.1.1.3). Rejects with TransportError.
   */
  sendAck(ack: SipRequest, target: Target): Promise<void> {
    if (ack.method !== "ACK") return Promise.reject(new StateError("not an ACK", "idle", "sendAck"));
    return this.options.transport.sendRequest(ack, target);
  }

  /** Sends a response outside any transaction (e.g. a stateless proxy answer, RFC 3261 §16.11). */
  sendStatelessResponse(res: SipResponse, source?: MessageSource): Promise<void> {
    return this.options.transport.sendResponse(res, source);
  }

  /** Cancels an INVITE client transaction: a CANCEL in its own transaction (RFC 3261 §9.1). */
  cancel(invite: InviteClientTransaction): NonInviteClientTransaction {
    return this.sendRequest(createCancel(invite.request), invite.target) as NonInviteClientTransaction;
  }

  /** The INVITE server transaction a CANCEL refers to (RFC 3261 §9.2: same key, method INVITE). */
  findInviteForCancel(cancel: SipRequest): InviteServerTransaction | undefined {
    try {
      const keys = serverKeys({ ...cancel, method: "INVITE" });
      const tx = this.servers.get(keys.key);
      return tx instanceof InviteServerTransaction ? tx : undefined;
    } catch {
      return undefined;
    }
  }

  /** Entry point for every message the transport layer receives. Never throws. */
  receive(msg: SipMessage, source: MessageSource): void {
    if (this.closed) return;
    try {
      if (msg.kind === "response") this.receiveResponse(msg, source);
      else this.receiveRequest(msg, source);
    } catch (err) {
      this.deps.logger.warn("message dropped by the transaction layer", { err, source: source.remote });
    }
  }

  private receiveResponse(res: SipResponse, source: MessageSource): void {
    let key: string | undefined;
    try {
      key = responseKey(res);
    } catch (err) {
      if (err instanceof ParseError) return; // RFC 3261 §18.1.2: unmatchable responses are dropped
      throw err;
    }
    const tx = key && this.clients.get(key);
    if (tx) tx.receiveResponse(res);
    else this.tu?.onStrayResponse?.(res, source);
  }

  private receiveRequest(req: SipRequest, source: MessageSource): void {
    let keys: ReturnType<typeof serverKeys>;
    try {
      keys = serverKeys(req);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      // Without the core headers no transaction can exist; answer 400 statelessly (never an ACK).
      if (req.method !== "ACK")
        this.sendStateless(createResponse(req, 400, { reason: "Malformed Core Header" }), source);
      return;
    }
    const existing = this.servers.get(keys.key);
    if (existing) {
      existing.receiveRequest(req);
      return;
    }
    if (req.method === "ACK") {
      // RFC 3261 §17.2.3 / RFC 2543: an ACK matches the INVITE by its key and the To tag sent.
      const invite = this.ackIndex.get(keys.key);
      const sentTag = invite?.lastResponse && getTo(invite.lastResponse)?.params.get("tag");
      if (invite && sentTag === (keys.toTag ?? "")) {
        invite.receiveRequest(req);
        return;
      }
      this.tu?.onRequest(req, undefined, source);
      return;
    }
    const tx =
      req.method === "INVITE"
        ? new InviteServerTransaction(keys.key, req, source, this.deps)
        : new NonInviteServerTransaction(keys.key, req, source, this.deps);
    this.servers.set(keys.key, tx);
    if (keys.ackKey && tx instanceof InviteServerTransaction) this.ackIndex.set(keys.ackKey, tx);
    // RFC 3261 §8.2.2.2: same From tag, Call-ID and CSeq as a live transaction, no To tag, yet
    // a different transaction: a merged request (forked and arriving twice) → 482.
    const merged = this.mergeIndex.get(keys.mergeKey);
    const isMerged =
      (this.options.detectMergedRequests ?? true) && !hasToTag(req) && merged && !merged.terminated;
    if (!isMerged) this.mergeIndex.set(keys.mergeKey, tx);
    tx.events.on("terminated", () => {
      this.servers.delete(keys.key);
      if (keys.ackKey && this.ackIndex.get(keys.ackKey) === tx) this.ackIndex.delete(keys.ackKey);
      if (this.mergeIndex.get(keys.mergeKey) === tx) this.mergeIndex.delete(keys.mergeKey);
    });
    if (isMerged) {
      tx.respond(createResponse(req, 482, this.tagged()));
      return;
    }
    // RFC 3261 §17.2.1: the INVITE server transaction sends 100 Trying unless the TU is known
    // to answer within 200 ms; we send it at once.
    if (tx instanceof InviteServerTransaction && (this.options.sendTrying ?? true)) {
      tx.respond(createResponse(req, 100));
    }
    if (this.tu) this.tu.onRequest(req, tx, source);
    else if (req.method !== "ACK") tx.respond(createResponse(req, 503, this.tagged()));
  }

  private tagged(): { toTag?: string } {
    return this.options.ids ? { toTag: this.options.ids.tag() } : {};
  }

  private sendStateless(res: SipResponse, source: MessageSource): void {
    this.options.transport.sendResponse(res, source).catch((err: unknown) => {
      this.deps.logger.debug("stateless response not sent", { err });
    });
  }

  /** Terminates every transaction (timers cleared, no messages sent). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const tx of [...this.clients.values(), ...this.servers.values()]) tx.close();
    this.clients.clear();
    this.servers.clear();
    this.ackIndex.clear();
    this.mergeIndex.clear();
  }
}
