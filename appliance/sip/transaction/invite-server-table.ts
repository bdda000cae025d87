// INVITE server transaction, RFC 3261 §17.2.1 (Figure 7) as amended by RFC 6026 §8.5 (Figure 5):
// a 2xx from the TU moves to Accepted, where the TU may retransmit it and INVITE retransmissions
// are absorbed, until Timer L.
//
//   [Proceeding] --1xx from TU: send--> [Proceeding]      INVITE: resend last provisional
//        | 300-699 from TU: send, Timer G (UDP), Timer H
//        v                                   2xx from TU: send, Timer L → [Accepted]
//   [Completed] --ACK: Timer I--> [Confirmed] --Timer I--> [Terminated]
//        | Timer G: resend; INVITE: resend; Timer H or transport error → [Terminated]
import { type Table, to } from "./fsm.ts";

export type InviteServerState = "proceeding" | "accepted" | "completed" | "confirmed" | "terminated";
export type InviteServerEvent =
  | "request" // a retransmission of the INVITE
  | "ack"
  | "tu1xx"
  | "tu2xx"
  | "tu300to699"
  | "timerG"
  | "timerH"
  | "timerI"
  | "timerL"
  | "transportError";
export type InviteServerAction =
  | "send" // send the response from the TU (and remember it)
  | "resendLast" // resend the most recent response
  | "retransmit" // Timer G: resend the final response, restart G with min(2G, T2)
  | "startGH"
  | "stopGH"
  | "startI"
  | "startL"
  | "passAckToTu"
  | "informTimeout" // Timer H: no ACK (RFC 3261 §17.2.1)
  | "informTransportError";

export const INVITE_SERVER_TABLE: Table<InviteServerState, InviteServerEvent, InviteServerAction> = {
  proceeding: {
    request: to("proceeding", "resendLast"), // RFC 3261 §17.2.1: resend the last provisional
    tu1xx: to("proceeding", "send"),
    tu2xx: to("accepted", "send", "startL"), // RFC 6026 §8.5
    tu300to699: to("completed", "send", "startGH"),
    transportError: to("terminated", "informTransportError"),
  },
  accepted: {
    request: to("accepted"), // RFC 6026 §8.5: absorbed
    ack: to("accepted", "passAckToTu"),
    tu2xx: to("accepted", "send"), // the TU retransmits its 2xx (RFC 3261 §13.3.1.4)
    transportError: to("accepted", "informTransportError"),
    timerL: to("terminated"),
  },
  completed: {
    request: to("completed", "resendLast"),
    ack: to("confirmed", "stopGH", "startI"),
    timerG: to("completed", "retransmit"),
    timerH: to("terminated", "stopGH", "informTimeout"),
    transportError: to("terminated", "stopGH", "informTransportError"),
  },
  confirmed: {
    // RFC 3261 §17.2.1: ACK retransmissions are absorbed in Confirmed.
    ack: to("confirmed"),
    request: to("confirmed"),
    timerI: to("terminated"),
  },
  terminated: {},
};
