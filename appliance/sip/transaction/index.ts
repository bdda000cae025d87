export type { ClientTransaction } from "./client-transaction.ts";
export { InviteClientTransaction, NonInviteClientTransaction } from "./client-transaction.ts";
export type { Edge, Table } from "./fsm.ts";
export { edges, transition } from "./fsm.ts";
export type { InviteClientAction, InviteClientEvent, InviteClientState } from "./invite-client-table.ts";
export { INVITE_CLIENT_TABLE } from "./invite-client-table.ts";
export type { InviteServerAction, InviteServerEvent, InviteServerState } from "./invite-server-table.ts";
export { INVITE_SERVER_TABLE } from "./invite-server-table.ts";
export type { ServerKeys } from "./keys.ts";
export { clientKey, isRfc3261Branch, responseKey, serverKeys } from "./keys.ts";
export type { TransactionLayerOptions, TransactionUser } from "./layer.ts";
export { TransactionLayer } from "./layer.ts";
export type {
  NonInviteClientAction,
  NonInviteClientEvent,
  NonInviteClientState,
} from "./non-invite-client-table.ts";
export { NON_INVITE_CLIENT_TABLE } from "./non-invite-client-table.ts";
export type {
  NonInviteServerAction,
  NonInviteServerEvent,
  NonInviteServerState,
} from "./non-invite-server-table.ts";
export { NON_INVITE_SERVER_TABLE } from "./non-invite-server-table.ts";
export { createAckForNon2xx, createCancel } from "./requests.ts";
export type { ServerTransaction } from "./server-transaction.ts";
export { InviteServerTransaction, NonInviteServerTransaction } from "./server-transaction.ts";
export type { TimerConfig, TimerName } from "./timers.ts";
export { DEFAULT_TIMERS, resolveTimers, timerDurations } from "./timers.ts";
export type { ClientTransactionEvents, ServerTransactionEvents, TransactionDeps } from "./transaction.ts";
export { Transaction } from "./transaction.ts";
