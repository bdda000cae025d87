// Rewriting an SDP so the leg that receives it talks to the appliance instead of the far phone:
// the B2BUA anchors media, so every address and port in a forwarded SDP becomes the relay's.
import { directionOf, setDirection } from "./attributes.ts";
import { effectiveDirection, isNullAddress } from "./direction.ts";
import type { SdpOrigin, SessionDescription } from "./model.ts";

export interface RelayEndpoint {
  address: string;
  /** RTP port per m= index; undefined (or a missing entry) rejects that stream with port 0. */
  ports: ReadonlyArray<number | undefined>;
}

/** Attributes that describe the far transport or far SSRCs and would be wrong after relaying. */
const TRANSPORT_ATTRIBUTES = new Set([
  "rtcp",
  "candidate",
  "ice-ufrag",
  "ice-pwd",
  "ice-options",
  "ice-lite",
  "remote-candidates",
  "end-of-candidates",
  "ssrc",
  "ssrc-group",
  "msid",
]);

/**
 * Returns a copy of sdp whose connection addresses and ports point at the relay. Payload types,
 * rtpmap/fmtp/ptime and unknown attributes are kept so both legs agree on numbering; a=rtcp is
 * rewritten to the relay's RTCP port (RFC 3605) and ICE/SSRC lines are dropped because the relay
 * terminates transport and rewrites SSRCs. The old hold form c=0.0.0.0 (RFC 3264 §8.4) is turned
 * into the equivalent direction attribute, since the relay's address replaces it.
 */
export function rewriteForRelay(
  sdp: SessionDescription,
  relay: RelayEndpoint,
  origin?: SdpOrigin,
): SessionDescription {
  const out = structuredClone(sdp);
  const addrType = relay.address.includes(":") ? "IP6" : "IP4";
  if (origin) out.origin = { ...origin };
  out.connection = { netType: "IN", addrType, address: relay.address };
  out.attributes = out.attributes.filter((a) => !TRANSPORT_ATTRIBUTES.has(a.name));
  for (const [i, m] of out.media.entries()) {
    const port = relay.ports[i];
    const original = sdp.media[i]!;
    const wasNull = original.connections
      .concat(sdp.connection ? [sdp.connection] : [])
      .some((c) => isNullAddress(c.address));
    const dir = effectiveDirection(original, sdp);
    m.connections = [];
    if (port === undefined || m.port === 0) {
      m.port = 0;
      m.attributes = [];
      continue;
    }
    m.port = port;
    const muxed = m.attributes.some((a) => a.name === "rtcp-mux");
    m.attributes = m.attributes.filter((a) => !TRANSPORT_ATTRIBUTES.has(a.name));
    if (!muxed) m.attributes.push({ name: "rtcp", value: String(port + 1) });
    if (wasNull || directionOf(original, sdp) !== directionOf(m)) setDirection(m, dir);
  }
  return out;
}
