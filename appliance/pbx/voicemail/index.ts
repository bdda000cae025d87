export type {
  DepositEvent,
  DepositFlowEvents,
  DepositFlowOptions,
  DepositOutcome,
  DepositSink,
  DepositState,
  StopReason,
} from "./deposit-flow.ts";
export { DepositFlow } from "./deposit-flow.ts";
export { InvalidMailboxNameError, MailboxFullError, MessageNotFoundError } from "./errors.ts";
export type { CallerIdentity, MessageFlag, MessageMeta } from "./message-meta.ts";
export { isMessageId, parseMessageMeta } from "./message-meta.ts";
export type { PinPolicy, PinResult } from "./pin-guard.ts";
export { PinGuard, pinEquals, pinPolicyFromLab } from "./pin-guard.ts";
export type {
  MailboxAccess,
  RetrievalEvent,
  RetrievalFlowEvents,
  RetrievalFlowOptions,
  RetrievalState,
} from "./retrieval-flow.ts";
export { RetrievalFlow } from "./retrieval-flow.ts";
export { boxGreetingPromptId, depositGreeting, mailboxAccess } from "./voicemail-access.ts";
export type {
  MailboxCounts,
  RecoveryReport,
  VoicemailStoreEvents,
  VoicemailStoreOptions,
} from "./voicemail-store.ts";
export { MessageRecording, VoicemailStore, verifyAudio } from "./voicemail-store.ts";
