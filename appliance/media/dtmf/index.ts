export type {
  DtmfDigitEvent,
  DtmfEndReason,
  DtmfReceiverEvents,
  DtmfReceiverOptions,
  DtmfRtpInput,
} from "./dtmf-receiver.ts";
export { DtmfReceiver } from "./dtmf-receiver.ts";
export type { DtmfRtpOutput, DtmfSenderEvents, DtmfSenderOptions } from "./dtmf-sender.ts";
export { DtmfSender } from "./dtmf-sender.ts";
export type { InbandDigit, InbandDtmfOptions } from "./inband-detector.ts";
export { dtmfFrequencies, InbandDtmfDetector } from "./inband-detector.ts";
export type { InfoDtmf } from "./sip-info-dtmf.ts";
export { buildDtmfRelay, parseDtmfRelay, parseInfoDtmf } from "./sip-info-dtmf.ts";
export type { TelephoneEvent } from "./telephone-event.ts";
export {
  decodeTelephoneEvent,
  dtmfDigit,
  dtmfEventCode,
  encodeTelephoneEvent,
  MAX_EVENT_DURATION,
  TELEPHONE_EVENT_LENGTH,
} from "./telephone-event.ts";
