// INVITE client transaction, RFC 3261 §17.1.1 (Figure 5) as amended by RFC 6026 §8.4 (Figure 3):
// a 2xx moves the transaction to Accepted, where 2xx retransmissions still reach the TU
// (which ACKs them) until Timer M fires.
//
//                  |INVITE from TU, Timer A=T1 (UDP), Timer B=64*T1
//   Timer A        v
//   INVITE  +-> [Calling] --300-699: ACK, to TU--+        Timer B or
//           +-----+  | 1xx: to TU                |        transport error → Terminated
//                    v                           v
//               [Proceeding] --300-699: ACK --> [Completed] --Timer D--> [Terminated]
//                    | 2xx: to TU                 ^ 300-699: ACK again
//                    v                            |
//               [Accepted] --Timer M--> [Terminated]   (2xx: to TU)
import { type Table, to } from "./fsm.ts";

export type InviteClientState = "calling" | "proceeding" | "accepted" | "completed" | "terminated";
export type InviteClientEvent =
  | "timerA"
  | "timerB"
  | "timerD"
  | "timerM"
  | "resp1xx"
  | "resp2xx"
  | "resp300to699"
  | "transportError";
export type InviteClientAction =
  | "retransmit" // resend the INVITE and double Timer A (RFC 3261 §17.1.1.2)
  | "stopRetransmit" // cancel Timer A
  | "stopTimeout" // cancel Timer B
  | "passToTu"
  | "sendAck" // the ACK for a non-2xx final response (RFC 3261 §17.1.1.3)
  | "startD"
  | "startM"
  | "informTimeout"
  | "informTransportError";

export const INVITE_CLIENT_TABLE: Table<InviteClientState, InviteClientEvent, InviteClientAction> = {
  calling: {
    timerA: to("calling", "retransmit"),
    // RFC 3261 §17.1.1.2: Timer B fires → inform the TU of the timeout.
    timerB: to("terminated", "stopRetransmit", "informTimeout"),
    resp1xx: to("proceeding", "stopRetransmit", "stopTimeout", "passToTu"),
    resp2xx: to("accepted", "stopRetransmit", "stopTimeout", "passToTu", "startM"), // RFC 6026 §8.4
    resp300to699: to("completed", "stopRetransmit", "stopTimeout", "passToTu", "sendAck", "startD"),
    transportError: to("terminated", "stopRetransmit", "stopTimeout", "informTransportError"),
  },
  proceeding: {
    resp1xx: to("proceeding", "passToTu"),
    resp2xx: to("accepted", "passToTu", "startM"), // RFC 6026 §8.4
    resp300to699: to("completed", "passToTu", "sendAck", "startD"),
  },
  completed: {
    // RFC 3261 §17.1.1.2: retransmitted final responses get the ACK again, not passed up.
    resp300to699: to("completed", "sendAck"),
    resp1xx: to("completed"),
    resp2xx: to("completed"),
    transportError: to("terminated", "informTransportError"),
    timerD: to("terminated"),
  },
  accepted: {
    resp2xx: to("accepted", "passToTu"), // RFC 6026 §8.4: 2xx retransmissions go to the TU
    resp1xx: to("accepted"),
    resp300to699: to("accepted"),
    transportError: to("accepted"),
    timerM: to("terminated"),
  },
  terminated: {},
};
