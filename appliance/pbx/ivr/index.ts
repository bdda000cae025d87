export type { LocalTime } from "./business-hours.ts";
export { isOpen, localTime } from "./business-hours.ts";
export type { DigitMatch } from "./digit-matcher.ts";
export { matchDigits } from "./digit-matcher.ts";
export type {
  IvrDecision,
  IvrEngineEvents,
  IvrEngineOptions,
  IvrEvent,
  IvrHangupReason,
  IvrState,
} from "./ivr-engine.ts";
export { IvrEngine } from "./ivr-engine.ts";
export type { BusinessHours, Destination, IvrMenuConfig, IvrOptionConfig } from "./ivr-menu-config.ts";
export {
  announcedOptions,
  ivrMenuFromConfig,
  menuGreetingPromptId,
} from "./ivr-menu-config.ts";
