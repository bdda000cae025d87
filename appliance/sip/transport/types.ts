// What the transport layer offers the layers above it (RFC 3261 §18): sending requests to a
// resolved target, sending responses back per §18.2.2, and where a received message came from.
import type { SipRequest, SipResponse } from "../message/index.ts";

export type TransportProtocol = "UDP" | "TCP" | "TLS";

export interface Endpoint {
  address: string;
  port: number;
}

/** Where a received message came from: the transport, the peer, our socket, the connection. */
export interface MessageSource {
  protocol: TransportProtocol;
  remote: Endpoint;
  local: Endpoint;
  /** For TCP/TLS: the connection it arrived on (responses go back over it, RFC 3261 §18.2.2). */
  connectionId?: number;
}

/** A resolved next hop (RFC 3263 resolution happens above this layer). */
export interface Target {
  protocol: TransportProtocol;
  address: string;
  port: number;
  /** TCP/TLS: prefer this existing connection (a flow, RFC 5626) while it is open. */
  connectionId?: number;
}

/** The sending half of the transport layer, as the transaction layer uses it. */
export interface SipSender {
  /** Sends a request; rejects with TransportError when it cannot be delivered (RFC 3261 §18.4). */
  sendRequest(req: SipRequest, target: Target): Promise<void>;
  /** Sends a response to the address its top Via names (RFC 3261 §18.2.2, RFC 3581 §4). */
  sendResponse(res: SipResponse, source?: MessageSource): Promise<void>;
}

/** TCP and TLS are reliable: no retransmissions, zero-length wait timers (RFC 3261 §17). */
export function isReliable(protocol: TransportProtocol): boolean {
  return protocol !== "UDP";
}

export function defaultPort(protocol: TransportProtocol): number {
  return protocol === "TLS" ? 5061 : 5060;
}

export function parseProtocol(token: string): TransportProtocol | undefined {
  const t = token.toUpperCase();
  return t === "UDP" || t === "TCP" || t === "TLS" ? t : undefined;
}
