export type { MessageClass, MessageCounts, MessageSummary } from "./message-summary.ts";
export {
  buildMessageSummary,
  MESSAGE_SUMMARY_CONTENT_TYPE,
  MESSAGE_SUMMARY_EVENT,
  parseMessageSummary,
} from "./message-summary.ts";
export type { BoxCounts, MwiNotifierOptions, MwiNotify } from "./mwi-notifier.ts";
export { MwiNotifier } from "./mwi-notifier.ts";
