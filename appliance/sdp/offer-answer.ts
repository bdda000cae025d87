// Building an answer to an offer (RFC 3264 §6) from the appliance's capabilities: G.711 and
// RFC 4733 telephone-event, one relayed audio stream, everything else rejected with port 0.
import { codecOf, formatRtpMap, type RtpMap } from "./attributes.ts";
import { answerDirection, effectiveDirection } from "./direction.ts";
import type { Direction, SdpAttribute, SdpMedia, SdpOrigin, SessionDescription } from "./model.ts";

export type G711Encoding = "PCMU" | "PCMA";

export interface LocalCapabilities {
  /** In preference order; static payload types 0 (PCMU) and 8 (PCMA). */
  codecs: readonly G711Encoding[];
  /** RFC 4733 telephone-event; the events we accept (default "0-16"). */
  telephoneEvent?: { events: string };
  /** Packetisation we send (ms); 20 for G.711. */
  ptime: number;
}

export const DEFAULT_CAPABILITIES: LocalCapabilities = {
  codecs: ["PCMU", "PCMA"],
  telephoneEvent: { events: "0-16" },
  ptime: 20,
};

const STATIC_PT: Record<G711Encoding, number> = { PCMU: 0, PCMA: 8 };

export interface AnswerOptions {
  origin: SdpOrigin;
  /** Where the appliance receives this stream's media. */
  address: string;
  /** RTP port for the accepted stream (RTCP is port + 1 unless muxed). */
  port: number;
  capabilities?: LocalCapabilities;
  /** What the appliance wants (e.g. sendonly to hold); negotiated against the offer. */
  direction?: Direction;
  sessionName?: string;
}

/** What was agreed for the accepted stream: what the relay needs to know. */
export interface NegotiatedStream {
  index: number;
  /** The codec both sides send (the first in common, in the offer's order). */
  codec: RtpMap;
  /** The telephone-event payload type, if both support it. */
  telephoneEvent?: number;
  /** The direction of the answer (from the appliance's point of view). */
  direction: Direction;
  ptime: number;
  rtcpMux: boolean;
}

export interface Answer {
  sdp: SessionDescription;
  /** Undefined when nothing was acceptable (every m= rejected: the caller sends 488). */
  stream?: NegotiatedStream;
}

function isRtpAvp(m: SdpMedia): boolean {
  // pibx relays plain RTP/AVP (and the AVPF feedback profile); no SRTP.
  return m.proto === "RTP/AVP" || m.proto === "RTP/AVPF";
}

/** Builds the answer; the offer is not modified. */
export function buildAnswer(offer: SessionDescription, opts: AnswerOptions): Answer {
  const caps = opts.capabilities ?? DEFAULT_CAPABILITIES;
  const addrType = opts.address.includes(":") ? "IP6" : "IP4";
  const answer: SessionDescription = {
    version: 0,
    origin: { ...opts.origin },
    sessionName: opts.sessionName ?? "pibx",
    emails: [],
    phones: [],
    connection: { netType: "IN", addrType, address: opts.address },
    bandwidths: [],
    timings: [{ start: "0", stop: "0", repeats: [] }],
    attributes: [],
    media: [],
  };
  let stream: NegotiatedStream | undefined;
  for (const [index, m] of offer.media.entries()) {
    const accepted =
      stream || m.port === 0 || m.type !== "audio" || !isRtpAvp(m) ? undefined : negotiate(m, caps);
    if (!accepted) {
      // RFC 3264 §6: a rejected stream keeps its m= line, with port 0 and the offered formats.
      answer.media.push({
        type: m.type,
        port: 0,
        proto: m.proto,
        formats: [...m.formats],
        connections: [],
        bandwidths: [],
        attributes: [],
      });
      continue;
    }
    const direction = answerDirection(effectiveDirection(m, offer), opts.direction ?? "sendrecv");
    const attributes: SdpAttribute[] = [{ name: "rtpmap", value: formatRtpMap(accepted.codec) }];
    const formats = [String(accepted.codec.payloadType)];
    if (accepted.telephoneEvent !== undefined) {
      formats.push(String(accepted.telephoneEvent));
      attributes.push({
        name: "rtpmap",
        value: formatRtpMap({
          payloadType: accepted.telephoneEvent,
          encoding: "telephone-event",
          clockRate: 8000,
        }),
      });
      attributes.push({
        name: "fmtp",
        value: `${accepted.telephoneEvent} ${caps.telephoneEvent?.events ?? "0-16"}`,
      });
    }
    attributes.push({ name: "ptime", value: String(caps.ptime) });
    // RFC 5761 §5.1.1: answer a=rtcp-mux only if offered (we then receive RTCP on the RTP port).
    const rtcpMux = m.attributes.some((a) => a.name === "rtcp-mux");
    if (rtcpMux) attributes.push({ name: "rtcp-mux" });
    else attributes.push({ name: "rtcp", value: String(opts.port + 1) });
    attributes.push({ name: direction });
    answer.media.push({
      type: "audio",
      port: opts.port,
      proto: m.proto,
      formats,
      connections: [],
      bandwidths: [],
      attributes,
    });
    stream = { index, codec: accepted.codec, direction, ptime: caps.ptime, rtcpMux };
    if (accepted.telephoneEvent !== undefined) stream.telephoneEvent = accepted.telephoneEvent;
  }
  return stream ? { sdp: answer, stream } : { sdp: answer };
}

function negotiate(
  m: SdpMedia,
  caps: LocalCapabilities,
): { codec: RtpMap; telephoneEvent?: number } | undefined {
  let codec: RtpMap | undefined;
  let telephoneEvent: number | undefined;
  // RFC 3264 §6.1: the answer uses the offer's payload type numbers; we keep the offer's order
  // among the codecs we support, so the offerer's preference wins.
  for (const f of m.formats) {
    const c = codecOf(m, f);
    if (c?.clockRate !== 8000) continue;
    const enc = c.encoding.toUpperCase();
    if (!codec && (caps.codecs as readonly string[]).includes(enc)) codec = { ...c, encoding: enc };
    if (telephoneEvent === undefined && enc === "TELEPHONE-EVENT" && caps.telephoneEvent)
      telephoneEvent = c.payloadType;
  }
  if (!codec) return undefined;
  return telephoneEvent === undefined ? { codec } : { codec, telephoneEvent };
}

/**
 * Builds an offer for the appliance's side of a leg (e.g. the INVITE to the callee), listing the
 * local codecs with their static payload types and telephone-event as 101.
 */
export function buildOffer(opts: AnswerOptions & { rtcpMux?: boolean }): SessionDescription {
  const caps = opts.capabilities ?? DEFAULT_CAPABILITIES;
  const formats = caps.codecs.map((c) => String(STATIC_PT[c]));
  const attributes: SdpAttribute[] = caps.codecs.map((c) => ({
    name: "rtpmap",
    value: formatRtpMap({ payloadType: STATIC_PT[c], encoding: c, clockRate: 8000 }),
  }));
  if (caps.telephoneEvent) {
    formats.push("101");
    attributes.push({ name: "rtpmap", value: "101 telephone-event/8000" });
    attributes.push({ name: "fmtp", value: `101 ${caps.telephoneEvent.events}` });
  }
  attributes.push({ name: "ptime", value: String(caps.ptime) });
  if (opts.rtcpMux) attributes.push({ name: "rtcp-mux" });
  attributes.push({ name: "rtcp", value: String(opts.port + 1) });
  attributes.push({ name: opts.direction ?? "sendrecv" });
  return {
    version: 0,
    origin: { ...opts.origin },
    sessionName: opts.sessionName ?? "pibx",
    emails: [],
    phones: [],
    connection: {
      netType: "IN",
      addrType: opts.address.includes(":") ? "IP6" : "IP4",
      address: opts.address,
    },
    bandwidths: [],
    timings: [{ start: "0", stop: "0", repeats: [] }],
    attributes: [],
    media: [
      {
        type: "audio",
        port: opts.port,
        proto: "RTP/AVP",
        formats,
        connections: [],
        bandwidths: [],
        attributes,
      },
    ],
  };
}

/** Reads what an answer agreed to for the stream we offered (the offerer's side of §6). */
export function acceptedStream(
  answer: SessionDescription,
  caps = DEFAULT_CAPABILITIES,
): NegotiatedStream | undefined {
  for (const [index, m] of answer.media.entries()) {
    if (m.port === 0 || m.type !== "audio") continue;
    const n = negotiate(m, caps);
    if (!n) continue;
    const s: NegotiatedStream = {
      index,
      codec: n.codec,
      direction: effectiveDirection(m, answer),
      ptime: Number(m.attributes.find((a) => a.name === "ptime")?.value ?? caps.ptime),
      rtcpMux: m.attributes.some((a) => a.name === "rtcp-mux"),
    };
    if (n.telephoneEvent !== undefined) s.telephoneEvent = n.telephoneEvent;
    return s;
  }
  return undefined;
}
