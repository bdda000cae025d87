// The dialog state machine (RFC 3261 §12) as a table. A dialog is created early (a provisional
// response with a To tag, or our provisional with a tag), confirmed by a 2xx, and terminated by
// a non-2xx final response to the INVITE, a BYE, a 481/408 to a request in it (§12.2.1.2), or
// by closing it. Any other (state, event) pair is rejected by the guard.
//
//   [early] --provisional--> [early]
//      |  resp2xx / send2xx               non2xxFinal / bye / requestFailed / close
//      v                                    \
//   [confirmed] --resp2xx, targetRefresh--> [confirmed]
//      |  bye / requestFailed / ackTimeout / sessionExpired / close
//      v
//   [terminated]
import type { Table } from "../transaction/index.ts";

export type DialogState = "early" | "confirmed" | "terminated";

export type DialogEvent =
  | "provisional" // RFC 3261 §12.1: a 101-199 with a To tag (sent or received)
  | "resp2xx" // §13.2.2.4 / §13.3.1.4: the 2xx to the INVITE, sent or received
  | "non2xxFinal" // §12.3: a non-2xx final response to the INVITE ends an early dialog
  | "targetRefresh" // §12.2: a re-INVITE or UPDATE (request or 2xx) may change the target
  | "bye" // §15: BYE sent or received
  | "requestFailed" // §12.2.1.2: 481 or 408 to a request inside the dialog
  | "ackTimeout" // §13.3.1.4: no ACK for our 2xx within 64*T1
  | "sessionExpired" // RFC 4028 §10
  | "close";

export type DialogAction = "none";

const none: readonly DialogAction[] = [];
const go = (next: DialogState) => ({ next, actions: none });

export const DIALOG_TABLE: Table<DialogState, DialogEvent, DialogAction> = {
  early: {
    provisional: go("early"),
    resp2xx: go("confirmed"),
    non2xxFinal: go("terminated"),
    targetRefresh: go("early"), // RFC 3311 §5.1: UPDATE may be sent in an early dialog
    bye: go("terminated"), // §15: the caller MAY send BYE on an early dialog
    requestFailed: go("terminated"),
    close: go("terminated"),
  },
  confirmed: {
    resp2xx: go("confirmed"), // a retransmitted 2xx, re-ACKed (§13.2.2.4)
    targetRefresh: go("confirmed"),
    bye: go("terminated"),
    requestFailed: go("terminated"),
    ackTimeout: go("terminated"),
    sessionExpired: go("terminated"),
    close: go("terminated"),
  },
  terminated: {},
};
