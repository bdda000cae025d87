// The typed events of an INVITE session and the payloads they carry. Offer/answer events hand
// the owner accept()/reject() callbacks: each request is answered exactly once.
import type { NameAddr, SipRequest, SipResponse, Uri } from "../message/index.ts";
import type { Body } from "./body.ts";
import type { Dialog } from "./dialog.ts";
import type { ReferNotifier } from "./refer-notifier.ts";
import type { Replaces } from "./replaces.ts";
import type { SessionTimerState } from "./session-timer.ts";

export type SessionRole = "uac" | "uas";

export interface Termination {
  cause:
    | "bye" // §15
    | "cancel" // §9
    | "rejected" // a non-2xx final response to the INVITE
    | "timeout" // no final response (Timer B), or 64*T1 after CANCEL
    | "transportError"
    | "ackTimeout" // §13.3.1.4
    | "sessionExpired" // RFC 4028 §10
    | "dialogGone"; // §12.2.1.2: 481 or 408 to a request inside the dialog
  by: "local" | "remote";
  status?: number;
}

export interface ProvisionalEvent {
  response: SipResponse;
  status: number;
  body?: Body;
  /** The early dialog the provisional created or refreshed (absent for one without a To tag). */
  dialog?: Dialog;
}

export interface AnsweredEvent {
  response: SipResponse;
  body?: Body;
  /**
   * Present when the INVITE had no offer and the 2xx carries one: the ACK is held until this is
   * called with the answer (RFC 3261 §13.2.2.4). Absent otherwise: the ACK is already sent.
   */
  ack?: (answer: Body) => void;
}

export interface ConfirmedEvent {
  /** The ACK (UAS side); absent on the UAC side, which sent it. */
  ack?: SipRequest;
  body?: Body;
}

/** A re-INVITE or UPDATE from the peer: answer exactly once with accept() or reject(). */
export interface OfferEvent {
  request: SipRequest;
  offer?: Body;
  accept(answer?: Body, headers?: ReadonlyArray<readonly [string, string]>): void;
  reject(status: number, headers?: ReadonlyArray<readonly [string, string]>): void;
}

export interface AckEvent {
  request: SipRequest;
  body?: Body;
}

export interface InfoEvent {
  request: SipRequest;
  body?: Body;
}

export interface DtmfEvent {
  signal: string;
  duration?: number;
}

export interface ReferEvent {
  request: SipRequest;
  referTo: NameAddr;
  /** The URI to send the referred request to (Refer-To without its embedded headers). */
  target: Uri;
  replaces?: Replaces;
  referredBy?: string;
  /** Answers 202 and sends the first NOTIFY (100 Trying); report progress on the notifier. */
  accept(): ReferNotifier;
  reject(status: number): void;
}

export interface ReferProgressEvent {
  request: SipRequest;
  status: number;
  reason: string;
  /** Subscription-State: terminated. */
  final: boolean;
}

export interface InDialogRequestEvent {
  request: SipRequest;
  respond(status: number, headers?: ReadonlyArray<readonly [string, string]>, body?: Body): void;
}

export interface InviteSessionEvents {
  provisional: ProvisionalEvent;
  answered: AnsweredEvent;
  confirmed: ConfirmedEvent;
  reinvite: OfferEvent;
  update: OfferEvent;
  ack: AckEvent;
  info: InfoEvent;
  dtmf: DtmfEvent;
  refer: ReferEvent;
  referProgress: ReferProgressEvent;
  request: InDialogRequestEvent;
  sessionTimer: SessionTimerState;
  terminated: Termination;
}

export interface RequestOptions {
  headers?: ReadonlyArray<readonly [string, string]>;
}

/** How close() ends the session. */
export interface CloseOptions {
  /**
   * Added to the CANCEL, when close() cancels (RFC 3326 §2: `Reason`); the headers RFC 3261
   * §9.1 copies from the INVITE cannot be given.
   */
  cancelHeaders?: ReadonlyArray<readonly [string, string]>;
}
