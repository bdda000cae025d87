// The INVITE session state machine as a table (RFC 3261 §13-§15, §9 for CANCEL). The UAC moves
// calling → proceeding → confirmed; the UAS incoming → answered (2xx sent, §13.3.1.4) →
// confirmed (ACK). "cancelling" is a UAC that asked to give up before the final response: the
// CANCEL waits for a provisional (§9.1), and a 2xx that still arrives is ACKed and BYEd (§15).
import type { Table } from "../transaction/index.ts";

export type SessionState =
  | "calling"
  | "proceeding"
  | "cancelling"
  | "incoming"
  | "answered"
  | "confirmed"
  | "terminated";

export type SessionEvent =
  | "resp1xx"
  | "resp2xx"
  | "resp300to699"
  | "retry422" // RFC 4028 §7.4: a 422 is retried as a new INVITE with a larger Session-Expires
  | "retryAuth" // RFC 3261 §22.2, §8.1.3.5: a 401/407 is retried as a new INVITE with credentials
  | "timerB" // §17.1.1.2: no response to the INVITE (also transport errors, §8.1.3.1)
  | "cancel" // local: give up before the final response
  | "timerCancel" // §9.1: no final response 64*T1 after the CANCEL
  | "send1xx"
  | "send2xx"
  | "send300to699"
  | "cancelReceived" // §9.2
  | "ack" // §13.3.1.4
  | "ackTimeout" // §13.3.1.4: 64*T1 without ACK
  | "byeSent" // §15.1.1: the session ends when the BYE is sent
  | "byeReceived" // §15.1.2
  | "requestFailed" // §12.2.1.2: 481 or 408 inside the dialog
  | "sessionExpired"; // RFC 4028 §10

const go = (next: SessionState) => ({ next, actions: [] as const });

export const INVITE_SESSION_TABLE: Table<SessionState, SessionEvent, never> = {
  calling: {
    retry422: go("calling"),
    retryAuth: go("calling"),
    resp1xx: go("proceeding"),
    resp2xx: go("confirmed"),
    resp300to699: go("terminated"),
    timerB: go("terminated"),
    cancel: go("cancelling"),
  },
  proceeding: {
    retry422: go("calling"),
    retryAuth: go("calling"),
    resp1xx: go("proceeding"),
    resp2xx: go("confirmed"),
    resp300to699: go("terminated"),
    timerB: go("terminated"),
    cancel: go("cancelling"),
    byeReceived: go("terminated"), // §15: a BYE may end an early dialog
  },
  cancelling: {
    resp1xx: go("cancelling"),
    resp2xx: go("terminated"), // §15: ACK then BYE
    resp300to699: go("terminated"),
    timerB: go("terminated"),
    timerCancel: go("terminated"),
    byeReceived: go("terminated"),
  },
  incoming: {
    send1xx: go("incoming"),
    send2xx: go("answered"),
    send300to699: go("terminated"),
    cancelReceived: go("terminated"),
    byeReceived: go("terminated"), // §15: the caller MAY send BYE on an early dialog
  },
  answered: {
    ack: go("confirmed"),
    ackTimeout: go("terminated"),
    byeReceived: go("terminated"),
    requestFailed: go("terminated"),
  },
  confirmed: {
    resp2xx: go("confirmed"), // a retransmission or another fork's 2xx
    ack: go("confirmed"), // the ACK to a re-INVITE's 2xx
    ackTimeout: go("terminated"),
    byeSent: go("terminated"),
    byeReceived: go("terminated"),
    requestFailed: go("terminated"),
    sessionExpired: go("terminated"),
  },
  terminated: {},
};
