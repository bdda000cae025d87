export type { RtcpAttribute, RtpMap, SsrcAttribute } from "./attributes.ts";
export {
  attributeValues,
  codecOf,
  directionOf,
  fmtpOf,
  formatRtpMap,
  hasAttribute,
  hasRtcpMux,
  maxPtimeOf,
  parseRtpMap,
  ptimeOf,
  rtcpOf,
  rtpMaps,
  setDirection,
  ssrcsOf,
} from "./attributes.ts";
export type { HoldTransition } from "./direction.ts";
export {
  answerDirection,
  connectionAddressOf,
  directionFrom,
  effectiveDirection,
  holdTransition,
  isHold,
  isNullAddress,
  primaryAudio,
  reverseDirection,
} from "./direction.ts";
export type { SdpLimits } from "./limits.ts";
export { DEFAULT_SDP_LIMITS } from "./limits.ts";
export type {
  Direction,
  SdpAttribute,
  SdpBandwidth,
  SdpConnection,
  SdpMedia,
  SdpOrigin,
  SdpTiming,
  SessionDescription,
} from "./model.ts";
export { cloneSdp, DIRECTIONS } from "./model.ts";
export type {
  Answer,
  AnswerOptions,
  G711Encoding,
  LocalCapabilities,
  NegotiatedStream,
} from "./offer-answer.ts";
export { acceptedStream, buildAnswer, buildOffer, DEFAULT_CAPABILITIES } from "./offer-answer.ts";
export { parseSdp } from "./parse.ts";
export type { RelayEndpoint } from "./rewrite.ts";
export { rewriteForRelay } from "./rewrite.ts";
export { serializeSdp } from "./serialize.ts";
export { isNewVersion, LocalSdpVersioning } from "./session-version.ts";
