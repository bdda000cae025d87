// Non-INVITE server transaction, RFC 3261 §17.2.2 (Figure 8).
//
//   [Trying] --1xx from TU: send--> [Proceeding] --200-699 from TU: send--> [Completed]
//      | 200-699 from TU: send, Timer J              request: resend          | Timer J
//      +-------------------------> [Completed] <-- request: resend last       v
//                                                                         [Terminated]
import { type Table, to } from "./fsm.ts";

export type NonInviteServerState = "trying" | "proceeding" | "completed" | "terminated";
export type NonInviteServerEvent = "request" | "tu1xx" | "tu2xx" | "tu300to699" | "timerJ" | "transportError";
export type NonInviteServerAction = "send" | "resendLast" | "startJ" | "informTransportError";

export const NON_INVITE_SERVER_TABLE: Table<
  NonInviteServerState,
  NonInviteServerEvent,
  NonInviteServerAction
> = {
  trying: {
    request: to("trying"), // RFC 3261 §17.2.2: retransmissions in Trying are discarded
    tu1xx: to("proceeding", "send"),
    tu2xx: to("completed", "send", "startJ"),
    tu300to699: to("completed", "send", "startJ"),
  },
  proceeding: {
    request: to("proceeding", "resendLast"),
    tu1xx: to("proceeding", "send"),
    tu2xx: to("completed", "send", "startJ"),
    tu300to699: to("completed", "send", "startJ"),
    transportError: to("terminated", "informTransportError"),
  },
  completed: {
    request: to("completed", "resendLast"),
    // RFC 3261 §17.2.2: further final responses from the TU are not allowed (the guard rejects).
    timerJ: to("terminated"),
    transportError: to("terminated", "informTransportError"),
  },
  terminated: {},
};
