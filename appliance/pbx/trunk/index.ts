export type { DigestAnswerHeader, DigestAnswerResult, DigestCredentials } from "./digest-answer.ts";
export { DigestClientSession } from "./digest-answer.ts";
export type { KeepaliveOptions, RequestSender } from "./options-keepalive.ts";
export { OptionsKeepalive } from "./options-keepalive.ts";
export type {
  RegistrationAction,
  RegistrationEdge,
  RegistrationEvent,
  RegistrationState,
} from "./registration-table.ts";
export { REGISTRATION_TABLE, registrationEdge } from "./registration-table.ts";
export type { InboundTrunk, InboundVerdict } from "./trunk-inbound.ts";
export { TrunkInboundRecognizer } from "./trunk-inbound.ts";
export type { AuthorizationHeader, TrunkLegInput, TrunkLegPlan } from "./trunk-outbound.ts";
export { planTrunkLeg, trunkAuthenticator, trunkRequestUri, trunkTarget } from "./trunk-outbound.ts";
export type {
  TrunkError,
  TrunkRegistrationEvents,
  TrunkRegistrationOptions,
  TrunkStatus,
} from "./trunk-registration.ts";
export { TrunkRegistration } from "./trunk-registration.ts";
export { buildOptions, buildRegister, contactUri, registrarUri } from "./trunk-requests.ts";
export type {
  DidSource,
  InboundCallerIdSource,
  TrunkCallerId,
  TrunkDid,
  TrunkSettings,
} from "./trunk-settings.ts";
export { TRUNK_DEFAULTS, trunkSettings } from "./trunk-settings.ts";
