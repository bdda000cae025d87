// Server transactions (RFC 3261 §17.2): INVITE (with RFC 6026 Accepted) and non-INVITE. The TU
// answers through respond(); retransmitted requests are absorbed or answered here.
import { StateError } from "../../base/index.ts";
import type { SipRequest, SipResponse } from "../message/index.ts";
import { isReliable, type MessageSource } from "../transport/index.ts";
import {
  INVITE_SERVER_TABLE,
  type InviteServerAction,
  type InviteServerEvent,
  type InviteServerState,
} from "./invite-server-table.ts";
import {
  NON_INVITE_SERVER_TABLE,
  type NonInviteServerAction,
  type NonInviteServerEvent,
  type NonInviteServerState,
} from "./non-invite-server-table.ts";
import { timerDurations } from "./timers.ts";
import { type ServerTransactionEvents, Transaction, type TransactionDeps } from "./transaction.ts";

function tuEvent(status: number): "tu1xx" | "tu2xx" | "tu300to699" {
  if (status < 100 || status > 699) throw new RangeError(`invalid status ${status}`);
  return status < 200 ? "tu1xx" : status < 300 ? "tu2xx" : "tu300to699";
}

export class InviteServerTransaction extends Transaction<
  InviteServerState,
  InviteServerEvent,
  InviteServerAction,
  ServerTransactionEvents
> {
  readonly kind = "invite-server" as const;
  private readonly reliable: boolean;
  private intervalG: number;
  private pending: SipResponse | undefined;
  private last: SipResponse | undefined;
  private lastAck: SipRequest | undefined;

  constructor(
    id: string,
    readonly request: SipRequest,
    readonly source: MessageSource,
    deps: TransactionDeps,
  ) {
    super(id, INVITE_SERVER_TABLE, "proceeding", deps);
    this.reliable = isReliable(source.protocol);
    this.intervalG = deps.timers.T1;
  }

  /** The most recent response sent (its To tag matches RFC 2543 ACKs). */
  get lastResponse(): SipResponse | undefined {
    return this.last;
  }

  /** Sends a response from the TU; throws StateError where the table forbids it. */
  respond(res: SipResponse): void {
    const event = tuEvent(res.status);
    if (!this.table[this.state][event]) throw new StateError("response not allowed", this.state, event);
    this.pending = res;
    this.fire(event);
  }

  /** A retransmitted INVITE, or an ACK, matched to this transaction (RFC 3261 §17.2.3). */
  receiveRequest(req: SipRequest): void {
    if (req.method === "ACK") {
      this.lastAck = req;
      this.offer("ack");
    } else this.offer("request");
  }

  private sendNow(res: SipResponse): void {
    this.dispatch(() => this.deps.transport.sendResponse(res, this.source), "transportError");
  }

  protected act(action: InviteServerAction): void {
    const d = timerDurations(this.deps.timers, this.reliable);
    switch (action) {
      case "send":
        if (this.pending) {
          this.last = this.pending;
          this.pending = undefined;
          this.sendNow(this.last);
        }
        return;
      case "resendLast":
        if (this.last) this.sendNow(this.last);
        return;
      case "retransmit":
        // RFC 3261 §17.2.1: Timer G doubles up to T2.
        if (this.last) this.sendNow(this.last);
        this.intervalG = Math.min(2 * this.intervalG, this.deps.timers.T2);
        this.startTimer("G", this.intervalG, "timerG");
        return;
      case "startGH":
        if (!this.reliable) this.startTimer("G", d.G, "timerG"); // RFC 3261 §17.2.1: unreliable only
        this.startTimer("H", d.H, "timerH");
        return;
      case "stopGH":
        this.stopTimer("G");
        this.stopTimer("H");
        return;
      case "startI":
        this.startTimer("I", d.I, "timerI");
        return;
      case "startL":
        this.startTimer("L", d.L, "timerL");
        return;
      case "passAckToTu":
        if (this.lastAck) this.events.emit("ack", this.lastAck);
        return;
      case "informTimeout":
        this.events.emit("timeout", this.timeoutError("H"));
        return;
      case "informTransportError":
        this.events.emit("transportError", this.lastTransportError);
        return;
    }
  }
}

export class NonInviteServerTransaction extends Transaction<
  NonInviteServerState,
  NonInviteServerEvent,
  NonInviteServerAction,
  ServerTransactionEvents
> {
  readonly kind = "non-invite-server" as const;
  private readonly reliable: boolean;
  private pending: SipResponse | undefined;
  private last: SipResponse | undefined;

  constructor(
    id: string,
    readonly request: SipRequest,
    readonly source: MessageSource,
    deps: TransactionDeps,
  ) {
    super(id, NON_INVITE_SERVER_TABLE, "trying", deps);
    this.reliable = isReliable(source.protocol);
  }

  get lastResponse(): SipResponse | undefined {
    return this.last;
  }

  respond(res: SipResponse): void {
    const event = tuEvent(res.status);
    if (!this.table[this.state][event]) throw new StateError("response not allowed", this.state, event);
    this.pending = res;
    this.fire(event);
  }

  receiveRequest(_req: SipRequest): void {
    this.offer("request");
  }

  protected act(action: NonInviteServerAction): void {
    switch (action) {
      case "send":
        if (this.pending) {
          this.last = this.pending;
          this.pending = undefined;
          const res = this.last;
          this.dispatch(() => this.deps.transport.sendResponse(res, this.source), "transportError");
        }
        return;
      case "resendLast": {
        const res = this.last;
        if (res) this.dispatch(() => this.deps.transport.sendResponse(res, this.source), "transportError");
        return;
      }
      case "startJ":
        this.startTimer("J", timerDurations(this.deps.timers, this.reliable).J, "timerJ");
        return;
      case "informTransportError":
        this.events.emit("transportError", this.lastTransportError);
        return;
    }
  }
}

export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;
