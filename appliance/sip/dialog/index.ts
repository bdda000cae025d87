// The dialog layer of the SIP stack (RFC 3261 §12-§15, RFC 3311, RFC 3515, RFC 3891, RFC 4028).
//
//   const dialogs = new DialogLayer({ transactions, clock, ids, contact: sipUri("192.0.2.1", { user: "pibx" }) });
//   dialogs.setUser(uaCore);                       // REGISTER, OPTIONS... outside dialogs
//   dialogs.events.on("invite", (call) => {        // a UAS InviteSession
//     call.progress(180);
//     call.answer(sdpAnswer);                      // 2xx retransmitted until the ACK
//     call.events.on("reinvite", (e) => e.accept(newAnswer));
//     call.events.on("terminated", (t) => log(t.cause));
//   });
//   const out = dialogs.invite({ to, from, offer });  // a UAC InviteSession
//   out.events.on("answered", (e) => ...);
//   out.close();                                   // CANCEL or BYE, whichever applies, once
//   out.close({ cancelHeaders: [["Reason", 'SIP;cause=200;text="Call completed elsewhere"']] });
export type { Body } from "./body.ts";
export { bodyOf, mediaTypeOf } from "./body.ts";
export { type CancelRequest, cancelRequest } from "./cancel-request.ts";
export type { DialogInit, DialogRequestOptions, DialogRole } from "./dialog.ts";
export { Dialog } from "./dialog.ts";
export type { DialogId } from "./dialog-id.ts";
export { dialogKey, uacDialogId, uasDialogId } from "./dialog-id.ts";
export type {
  DialogLayerEvents,
  DialogLayerOptions,
  DialogUser,
  InviteOptions,
  ReplacesMatch,
} from "./dialog-layer.ts";
export { DEFAULT_ALLOW, DialogLayer } from "./dialog-layer.ts";
export type { DialogAction, DialogEvent, DialogState } from "./dialog-table.ts";
export { DIALOG_TABLE } from "./dialog-table.ts";
export { parseDtmfRelay } from "./dtmf-relay.ts";
export { glareRetryDelay, overlapRetryAfter } from "./glare.ts";
export { InviteSession } from "./invite-session.ts";
export type {
  AckEvent,
  AnsweredEvent,
  CloseOptions,
  ConfirmedEvent,
  DtmfEvent,
  InDialogRequestEvent,
  InfoEvent,
  InviteSessionEvents,
  OfferEvent,
  ProvisionalEvent,
  ReferEvent,
  ReferProgressEvent,
  RequestOptions,
  SessionRole,
  Termination,
} from "./invite-session-events.ts";
export type { SessionEvent, SessionState } from "./invite-session-table.ts";
export { INVITE_SESSION_TABLE } from "./invite-session-table.ts";
export { ReferNotifier } from "./refer-notifier.ts";
export type { Replaces } from "./replaces.ts";
export { formatReferTo, formatReplaces, parseReplaces, referTarget, replacesInUri } from "./replaces.ts";
export type { RequestOutcome } from "./request-outcome.ts";
export { ResponseRetransmitter } from "./response-retransmitter.ts";
export type { RequestTarget } from "./route-set.ts";
export { dialogRequestTarget, isLooseRoute, uacRouteSet, uasRouteSet } from "./route-set.ts";
export type { InviteAuthenticator } from "./session-context.ts";
export type {
  Refresher,
  SessionExpires,
  SessionTimerConfig,
  SessionTimerState,
  UasTimerDecision,
} from "./session-timer.ts";
export {
  DEFAULT_SESSION_TIMER,
  expiryDelay,
  formatSessionExpires,
  getMinSE,
  getSessionExpires,
  negotiateAsUas,
  parseSessionExpires,
  refreshDelay,
  timerFromResponse,
} from "./session-timer.ts";
export type { SipfragStatus } from "./sipfrag.ts";
export { parseSipfragStatus, SIPFRAG, sipfragBody } from "./sipfrag.ts";
export type { TargetResolver } from "./target.ts";
export { resolveUriTarget } from "./target.ts";
