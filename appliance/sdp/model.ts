// The SDP data model (RFC 8866 §5). Attributes are kept as an ordered list of name/value pairs
// so unknown ones survive a round trip untouched; typed views live in attributes.ts.

/** RFC 8866 §5.2 o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> */
export interface SdpOrigin {
  username: string;
  sessionId: string;
  /** Up to 64 bits in practice, hence bigint. */
  sessionVersion: bigint;
  netType: string;
  addrType: string;
  address: string;
}

/** RFC 8866 §5.7 c=<nettype> <addrtype> <connection-address>[/ttl][/count] */
export interface SdpConnection {
  netType: string;
  addrType: string;
  address: string;
  ttl?: number;
  count?: number;
}

/** RFC 8866 §5.8 b=<bwtype>:<bandwidth> */
export interface SdpBandwidth {
  type: string;
  value: number;
}

/** RFC 8866 §5.9/§5.10 t=<start-time> <stop-time>, with its r= lines kept verbatim. */
export interface SdpTiming {
  start: string;
  stop: string;
  repeats: string[];
}

/** RFC 8866 §5.13 a=<attribute-name>[:<attribute-value>] */
export interface SdpAttribute {
  name: string;
  value?: string;
}

/** RFC 8866 §5.14 m=<media> <port>[/<number of ports>] <proto> <fmt> ... */
export interface SdpMedia {
  type: string;
  port: number;
  portCount?: number;
  proto: string;
  formats: string[];
  title?: string;
  connections: SdpConnection[];
  bandwidths: SdpBandwidth[];
  key?: string;
  attributes: SdpAttribute[];
}

export interface SessionDescription {
  version: number;
  origin: SdpOrigin;
  sessionName: string;
  info?: string;
  uri?: string;
  emails: string[];
  phones: string[];
  connection?: SdpConnection;
  bandwidths: SdpBandwidth[];
  timings: SdpTiming[];
  /** z= kept verbatim (RFC 8866 §5.11). */
  timeZones?: string;
  key?: string;
  attributes: SdpAttribute[];
  media: SdpMedia[];
}

/** RFC 3264 §5.1 / RFC 8866 §6.7: the four media directions. */
export type Direction = "sendrecv" | "sendonly" | "recvonly" | "inactive";

export const DIRECTIONS: readonly Direction[] = ["sendrecv", "sendonly", "recvonly", "inactive"];

/** A deep copy, so helpers can return modified descriptions without aliasing the input. */
export function cloneSdp(sdp: SessionDescription): SessionDescription {
  return structuredClone(sdp);
}
