export type { ConferenceRoomEvents, ParticipantInput } from "./conference-room.ts";
export { ConferenceRoom } from "./conference-room.ts";
export type { ConferenceServiceOptions, RoomConfig } from "./conference-service.ts";
export { ConferenceService } from "./conference-service.ts";
export type { PinCollector } from "./pin-collector.ts";
export { DtmfPinCollector } from "./pin-collector.ts";
