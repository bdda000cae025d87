export type { ConnectionHandlers } from "./connection.ts";
export { StreamConnection } from "./connection.ts";
export type { ResponseTarget } from "./routing.ts";
export { bareHost, responseIsForUs, responseTarget, stampReceived, stampSentBy } from "./routing.ts";
export type { ListenConfig, TlsConfig, TransportHooks, TransportLayerOptions } from "./transport-layer.ts";
export { SipTransportLayer } from "./transport-layer.ts";
export type { Endpoint, MessageSource, SipSender, Target, TransportProtocol } from "./types.ts";
export { defaultPort, isReliable, parseProtocol } from "./types.ts";
