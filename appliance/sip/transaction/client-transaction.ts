// Client transactions (RFC 3261 §17.1): INVITE (with RFC 6026 Accepted) and non-INVITE.
import type { SipRequest, SipResponse } from "../message/index.ts";
import { isReliable, type Target } from "../transport/index.ts";
import {
  INVITE_CLIENT_TABLE,
  type InviteClientAction,
  type InviteClientEvent,
  type InviteClientState,
} from "./invite-client-table.ts";
import {
  NON_INVITE_CLIENT_TABLE,
  type NonInviteClientAction,
  type NonInviteClientEvent,
  type NonInviteClientState,
} from "./non-invite-client-table.ts";
import { createAckForNon2xx } from "./requests.ts";
import { timerDurations } from "./timers.ts";
import { type ClientTransactionEvents, Transaction, type TransactionDeps } from "./transaction.ts";

function responseEvent(status: number): "resp1xx" | "resp2xx" | "resp300to699" {
  return status < 200 ? "resp1xx" : status < 300 ? "resp2xx" : "resp300to699";
}

export class InviteClientTransaction extends Transaction<
  InviteClientState,
  InviteClientEvent,
  InviteClientAction,
  ClientTransactionEvents
> {
  readonly kind = "invite-client" as const;
  private readonly reliable: boolean;
  private intervalA: number;
  private lastResponse: SipResponse | undefined;
  private ack: SipRequest | undefined;

  constructor(
    id: string,
    readonly request: SipRequest,
    readonly target: Target,
    deps: TransactionDeps,
  ) {
    super(id, INVITE_CLIENT_TABLE, "calling", deps);
    this.reliable = isReliable(target.protocol);
    this.intervalA = deps.timers.T1;
  }

  /** Sends the INVITE and starts Timers A (unreliable only) and B (RFC 3261 §17.1.1.2). */
  start(): void {
    const d = timerDurations(this.deps.timers, this.reliable);
    this.send();
    if (!this.reliable) this.startTimer("A", d.A, "timerA");
    this.startTimer("B", d.B, "timerB");
  }

  /** A response matched to this transaction (RFC 3261 §17.1.3). */
  receiveResponse(res: SipResponse): void {
    this.lastResponse = res;
    this.offer(responseEvent(res.status));
  }

  /** The ACK this transaction generated for a non-2xx final response, if any. */
  get generatedAck(): SipRequest | undefined {
    return this.ack;
  }

  private send(): void {
    this.dispatch(() => this.deps.transport.sendRequest(this.request, this.target), "transportError");
  }

  protected act(action: InviteClientAction): void {
    const d = timerDurations(this.deps.timers, this.reliable);
    switch (action) {
      case "retransmit":
        // RFC 3261 §17.1.1.2: retransmit and double Timer A.
        this.send();
        this.intervalA *= 2;
        this.startTimer("A", this.intervalA, "timerA");
        return;
      case "stopRetransmit":
        this.stopTimer("A");
        return;
      case "stopTimeout":
        this.stopTimer("B");
        return;
      case "passToTu":
        if (this.lastResponse) this.events.emit("response", this.lastResponse);
        return;
      case "sendAck": {
        // RFC 3261 §17.1.1.3: the ACK goes where the INVITE went.
        if (!this.lastResponse) return;
        this.ack ??= createAckForNon2xx(this.request, this.lastResponse);
        const ack = this.ack;
        this.dispatch(() => this.deps.transport.sendRequest(ack, this.target), "transportError");
        return;
      }
      case "startD":
        this.startTimer("D", d.D, "timerD");
        return;
      case "startM":
        this.startTimer("M", d.M, "timerM");
        return;
      case "informTimeout":
        this.events.emit("timeout", this.timeoutError("B"));
        return;
      case "informTransportError":
        this.events.emit("transportError", this.lastTransportError);
        return;
    }
  }
}

export class NonInviteClientTransaction extends Transaction<
  NonInviteClientState,
  NonInviteClientEvent,
  NonInviteClientAction,
  ClientTransactionEvents
> {
  readonly kind = "non-invite-client" as const;
  private readonly reliable: boolean;
  private intervalE: number;
  private lastResponse: SipResponse | undefined;

  constructor(
    id: string,
    readonly request: SipRequest,
    readonly target: Target,
    deps: TransactionDeps,
  ) {
    super(id, NON_INVITE_CLIENT_TABLE, "trying", deps);
    this.reliable = isReliable(target.protocol);
    this.intervalE = deps.timers.T1;
  }

  /** Sends the request and starts Timers E (unreliable only) and F (RFC 3261 §17.1.2.2). */
  start(): void {
    const d = timerDurations(this.deps.timers, this.reliable);
    this.send();
    if (!this.reliable) this.startTimer("E", d.E, "timerE");
    this.startTimer("F", d.F, "timerF");
  }

  receiveResponse(res: SipResponse): void {
    this.lastResponse = res;
    this.offer(responseEvent(res.status));
  }

  private send(): void {
    this.dispatch(() => this.deps.transport.sendRequest(this.request, this.target), "transportError");
  }

  protected act(action: NonInviteClientAction): void {
    const { T2 } = this.deps.timers;
    switch (action) {
      case "retransmit":
        // RFC 3261 §17.1.2.2: Timer E doubles up to T2.
        this.send();
        this.intervalE = Math.min(2 * this.intervalE, T2);
        this.startTimer("E", this.intervalE, "timerE");
        return;
      case "retransmitT2":
        // RFC 3261 §17.1.2.2: in Proceeding, retransmit every T2.
        this.send();
        this.intervalE = T2;
        this.startTimer("E", T2, "timerE");
        return;
      case "stopTimers":
        this.stopTimer("E");
        this.stopTimer("F");
        return;
      case "passToTu":
        if (this.lastResponse) this.events.emit("response", this.lastResponse);
        return;
      case "startK":
        this.startTimer("K", timerDurations(this.deps.timers, this.reliable).K, "timerK");
        return;
      case "informTimeout":
        this.events.emit("timeout", this.timeoutError("F"));
        return;
      case "informTransportError":
        this.events.emit("transportError", this.lastTransportError);
        return;
    }
  }
}

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
