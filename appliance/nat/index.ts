export { nodeDatagramPort } from "./node-datagram-port.ts";
export type {
  LearnedAddress,
  PublicAddressEvents,
  PublicAddressSource,
  Side,
  TransportAddress,
} from "./public-address.ts";
export { PublicAddressTracker, reflexiveFromResponse } from "./public-address.ts";
export type { DatagramPort, StunClientOptions } from "./stun-client.ts";
export { StunClient, StunError } from "./stun-client.ts";
export type { MappedAddress, StunResponse } from "./stun-message.ts";
export {
  BINDING_ERROR,
  BINDING_REQUEST,
  BINDING_SUCCESS,
  decodeBindingResponse,
  encodeBindingRequest,
  isStun,
  STUN_MAGIC_COOKIE,
} from "./stun-message.ts";
