// Non-INVITE client transaction, RFC 3261 §17.1.2 (Figure 6).
//
//   [Trying] --1xx--> [Proceeding] --200-699--> [Completed] --Timer K--> [Terminated]
//      |  Timer E: retransmit (doubling to T2)      Timer E: retransmit every T2
//      +--200-699--> [Completed];  Timer F or transport error → [Terminated]
import { type Table, to } from "./fsm.ts";

export type NonInviteClientState = "trying" | "proceeding" | "completed" | "terminated";
export type NonInviteClientEvent =
  | "timerE"
  | "timerF"
  | "timerK"
  | "resp1xx"
  | "resp2xx"
  | "resp300to699"
  | "transportError";
export type NonInviteClientAction =
  | "retransmit" // resend and restart Timer E with min(2E, T2)
  | "retransmitT2" // resend and restart Timer E with T2 (Proceeding)
  | "stopTimers" // cancel E and F
  | "passToTu"
  | "startK"
  | "informTimeout"
  | "informTransportError";

const FINAL = ["stopTimers", "passToTu", "startK"] as const;

export const NON_INVITE_CLIENT_TABLE: Table<
  NonInviteClientState,
  NonInviteClientEvent,
  NonInviteClientAction
> = {
  trying: {
    timerE: to("trying", "retransmit"),
    timerF: to("terminated", "stopTimers", "informTimeout"),
    resp1xx: to("proceeding", "passToTu"),
    resp2xx: to("completed", ...FINAL),
    resp300to699: to("completed", ...FINAL),
    transportError: to("terminated", "stopTimers", "informTransportError"),
  },
  proceeding: {
    timerE: to("proceeding", "retransmitT2"),
    timerF: to("terminated", "stopTimers", "informTimeout"),
    resp1xx: to("proceeding", "passToTu"),
    resp2xx: to("completed", ...FINAL),
    resp300to699: to("completed", ...FINAL),
    transportError: to("terminated", "stopTimers", "informTransportError"),
  },
  completed: {
    // RFC 3261 §17.1.2.2: retransmitted responses are absorbed until Timer K.
    resp1xx: to("completed"),
    resp2xx: to("completed"),
    resp300to699: to("completed"),
    timerK: to("terminated"),
  },
  terminated: {},
};
