// The B2BUA call as a table: (state, event) → next state. The legs' own SIP state lives in their
// InviteSessions; this is the call's view: routing → ringing/early → answered → ended.
import { type Table, transition } from "../../sip/transaction/index.ts";

export type CallState = "routing" | "ringing" | "early" | "answered" | "ended";

export type CallEvent =
  | "forked" // INVITEs sent to the callee's contacts
  | "ringing" // 180 from a fork
  | "earlyMedia" // 183 with SDP from a fork
  | "answered" // a fork's 2xx won
  | "end"; // any end: rejected, cancelled, timed out, BYE

export type CallAction = never;

const e = (next: CallState) => ({ next, actions: [] as const });

export const CALL_TABLE: Table<CallState, CallEvent, CallAction> = {
  routing: { forked: e("ringing"), end: e("ended") },
  ringing: { ringing: e("ringing"), earlyMedia: e("early"), answered: e("answered"), end: e("ended") },
  early: { ringing: e("early"), earlyMedia: e("early"), answered: e("answered"), end: e("ended") },
  answered: { end: e("ended") },
  ended: {},
};

export function nextCallState(state: CallState, event: CallEvent): CallState {
  return transition(CALL_TABLE, state, event).next;
}
