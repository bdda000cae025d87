// The SDP each leg of a B2BUA call sees: the appliance's own description (the relay's address
// and that leg's port), negotiated with that leg's phone alone. The legs are decoupled: each
// picks its G.711 law (the media session transcodes when they differ), and a hold, a transfer
// or music on hold on one leg needs no renegotiation on the other.
import { ParseError } from "../../base/index.ts";
import {
  acceptedStream,
  buildAnswer,
  buildOffer,
  codecOf,
  connectionAddressOf,
  DEFAULT_CAPABILITIES,
  type Direction,
  type G711Encoding,
  isNullAddress,
  type LocalCapabilities,
  LocalSdpVersioning,
  type NegotiatedStream,
  parseSdp,
  primaryAudio,
  type SessionDescription,
  serializeSdp,
} from "../../sdp/index.ts";
import type { Body } from "../../sip/dialog/index.ts";
import type { MediaRemote } from "./call-deps.ts";

export const SDP_TYPE = "application/sdp";

/** The SDP in a body, or undefined when there is none or it does not parse. */
export function sdpOf(body: Body | undefined): SessionDescription | undefined {
  if (!body || !/^application\/sdp/i.test(body.contentType)) return undefined;
  try {
    return parseSdp(body.body.toString("utf8"));
  } catch (err) {
    if (err instanceof ParseError) return undefined;
    throw err;
  }
}

export function sdpBody(sdp: SessionDescription): Body {
  return { contentType: SDP_TYPE, body: Buffer.from(serializeSdp(sdp), "utf8") };
}

/** The G.711 laws an SDP offers, in its order of preference (RFC 3264 §5.1). */
export function offeredLaws(sdp: SessionDescription | undefined): G711Encoding[] {
  const m = sdp ? primaryAudio(sdp) : undefined;
  const out: G711Encoding[] = [];
  for (const f of m?.formats ?? []) {
    const enc = m ? codecOf(m, f)?.encoding.toUpperCase() : undefined;
    if ((enc === "PCMU" || enc === "PCMA") && !out.includes(enc)) out.push(enc);
  }
  return out;
}

function capabilities(prefer: readonly G711Encoding[]): LocalCapabilities {
  const codecs = [...prefer, ...DEFAULT_CAPABILITIES.codecs.filter((c) => !prefer.includes(c))];
  return { ...DEFAULT_CAPABILITIES, codecs };
}

/** The appliance's side of one leg: its address, its relay port and its o= line (RFC 3264 §8). */
export class LegSdp {
  private readonly versioning: LocalSdpVersioning;

  constructor(
    readonly address: string,
    public port: number,
    sessionId: string,
  ) {
    this.versioning = new LocalSdpVersioning({
      username: "pibx",
      sessionId,
      netType: "IN",
      addrType: address.includes(":") ? "IP6" : "IP4",
      address,
    });
  }

  /** An offer listing G.711 (preferred laws first) and telephone-event. */
  offer(prefer: readonly G711Encoding[] = [], direction: Direction = "sendrecv"): Body {
    const sdp = buildOffer({
      origin: this.versioning.origin,
      address: this.address,
      port: this.port,
      capabilities: capabilities(prefer),
      direction,
    });
    return sdpBody(this.versioning.stamp(sdp));
  }

  /**
   * The answer to a leg's offer (RFC 3264 §6), preferring the given laws; undefined stream when
   * nothing is acceptable (the caller answers 488).
   */
  answer(
    offer: SessionDescription,
    prefer: readonly G711Encoding[] = [],
    direction: Direction = "sendrecv",
  ): { body: Body; stream: NegotiatedStream | undefined } {
    // RFC 3264 §6.1: the answerer picks among the offered codecs; the offer's order wins, so
    // the preferred law is moved to the front of a copy of the offer.
    const ordered = preferLaw(offer, prefer[0]);
    const a = buildAnswer(ordered, {
      origin: this.versioning.origin,
      address: this.address,
      port: this.port,
      capabilities: capabilities(prefer),
      direction,
    });
    return { body: sdpBody(this.versioning.stamp(a.sdp)), stream: a.stream };
  }
}

function preferLaw(offer: SessionDescription, law: G711Encoding | undefined): SessionDescription {
  if (!law) return offer;
  const copy = structuredClone(offer);
  const m = primaryAudio(copy);
  if (!m) return copy;
  const first = m.formats.filter((f) => codecOf(m, f)?.encoding.toUpperCase() === law);
  m.formats = [...first, ...m.formats.filter((f) => !first.includes(f))];
  return copy;
}

/** What the offerer learns from an answer to its offer. */
export function answeredStream(answer: SessionDescription): NegotiatedStream | undefined {
  return acceptedStream(answer);
}

/**
 * Where the leg's phone wants its media, for the relay. Undefined when it gave the hold address
 * c=0.0.0.0 (RFC 3264 §8.4: "send no RTP to me") or no live audio: keep the previous remote.
 */
export function mediaRemote(
  sdp: SessionDescription,
  stream: NegotiatedStream,
  signallingAddress: string | undefined,
): MediaRemote | undefined {
  const m = sdp.media[stream.index];
  if (!m || m.port === 0) return undefined;
  const address = connectionAddressOf(m, sdp);
  if (!address || isNullAddress(address)) return undefined;
  const encoding = stream.codec.encoding.toUpperCase();
  if (encoding !== "PCMU" && encoding !== "PCMA") return undefined;
  const r: MediaRemote = {
    address,
    port: m.port,
    codec: { payloadType: stream.codec.payloadType, encoding },
    rtcpMux: stream.rtcpMux,
    // A phone whose SDP names an address other than where its SIP came from is behind NAT.
    natLatching: signallingAddress !== undefined && signallingAddress !== address,
  };
  if (stream.telephoneEvent !== undefined) r.telephoneEvent = stream.telephoneEvent;
  if (signallingAddress) r.signallingAddress = signallingAddress;
  return r;
}
