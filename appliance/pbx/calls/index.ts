export type { BindingLookup } from "./adapters.ts";
export { authGateAuthorizer, registrarContacts, relayMediaFactory } from "./adapters.ts";
export type { B2buaEvents, B2buaOptions } from "./b2bua.ts";
export { B2bua, signallingAddressOf } from "./b2bua.ts";
export type { CallEvents, CallOptions, SideId } from "./call.ts";
export { aggregateFailure, Call } from "./call.ts";
export type {
  AuthVerdict,
  CallAuthorizer,
  CallerIdentity,
  CallMediaFactory,
  CallMediaSession,
  CallRouter,
  ContactLookup,
  ContactTarget,
  Destination,
  DirectoryLookup,
  MediaFrame,
  MediaLeg,
  MediaMode,
  MediaRemote,
  ReceivedRtp,
  RouteDecision,
} from "./call-deps.ts";
export { CallSide } from "./call-side.ts";
export type { CallEvent, CallState } from "./call-state.ts";
export { CALL_TABLE, nextCallState } from "./call-state.ts";
export { describeDestination, toDestination } from "./destination.ts";
export type { ExtensionEntry } from "./extension-router.ts";
export { ExtensionRouter } from "./extension-router.ts";
export type { RoutingExtension, RoutingTable } from "./pbx-router.ts";
export { PbxRouter } from "./pbx-router.ts";
export { answeredStream, LegSdp, mediaRemote, offeredLaws, SDP_TYPE, sdpBody, sdpOf } from "./sdp-bridge.ts";
