// Typed views over a=lines. The model keeps the raw list (order and unknown attributes
// preserved); these helpers read and write the attributes pibx understands.
import { ParseError } from "../base/index.ts";
import {
  DIRECTIONS,
  type Direction,
  type SdpAttribute,
  type SdpMedia,
  type SessionDescription,
} from "./model.ts";

/** RFC 8866 §6.6 a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>] */
export interface RtpMap {
  payloadType: number;
  encoding: string;
  clockRate: number;
  channels?: number;
}

/** RFC 3605 a=rtcp:<port> [<nettype> <addrtype> <connection-address>] */
export interface RtcpAttribute {
  port: number;
  netType?: string;
  addrType?: string;
  address?: string;
}

/** RFC 5576 §4.1 a=ssrc:<ssrc-id> <attribute>[:<value>] */
export interface SsrcAttribute {
  ssrc: number;
  attribute: string;
  value?: string;
}

const RTPMAP = /^(\d{1,3}) ([^\s/]+)\/(\d{1,9})(?:\/(\d{1,3}))?$/;
const FMTP = /^(\d{1,3}) (.*)$/;
const RTCP = /^(\d{1,5})(?: (\S+) (\S+) (\S+))?$/;
const SSRC = /^(\d{1,10}) ([^\s:]+)(?::(.*))?$/;

/** Validates the value of an attribute pibx understands; throws ParseError at offset on nonsense. */
export function validateAttribute(attr: SdpAttribute, offset: number): void {
  const v = attr.value ?? "";
  switch (attr.name) {
    case "rtpmap":
      if (!parseRtpMap(v)) throw new ParseError(`bad a=rtpmap value "${v}"`, offset);
      return;
    case "fmtp":
      if (!FMTP.test(v)) throw new ParseError(`bad a=fmtp value "${v}"`, offset);
      return;
    case "ptime":
    case "maxptime":
      if (!/^\d{1,5}(\.\d{1,3})?$/.test(v) || Number(v) <= 0)
        throw new ParseError(`bad a=${attr.name} value "${v}"`, offset);
      return;
    case "rtcp": {
      const m = RTCP.exec(v);
      if (!m || Number(m[1]) > 65535) throw new ParseError(`bad a=rtcp value "${v}"`, offset);
      return;
    }
    case "ssrc": {
      const m = SSRC.exec(v);
      if (!m || Number(m[1]) > 0xffffffff) throw new ParseError(`bad a=ssrc value "${v}"`, offset);
      return;
    }
    default:
      return;
  }
}

export function parseRtpMap(value: string): RtpMap | undefined {
  const m = RTPMAP.exec(value.trim());
  if (!m) return undefined;
  const payloadType = Number(m[1]);
  if (payloadType > 127) return undefined;
  const map: RtpMap = { payloadType, encoding: m[2]!, clockRate: Number(m[3]) };
  if (m[4] !== undefined) map.channels = Number(m[4]);
  return map;
}

export function formatRtpMap(map: RtpMap): string {
  return `${map.payloadType} ${map.encoding}/${map.clockRate}${map.channels ? `/${map.channels}` : ""}`;
}

export function attributeValues(attrs: readonly SdpAttribute[], name: string): string[] {
  return attrs.filter((a) => a.name === name).map((a) => a.value ?? "");
}

export function hasAttribute(attrs: readonly SdpAttribute[], name: string): boolean {
  return attrs.some((a) => a.name === name);
}

/** Every a=rtpmap of a media section, keyed by payload type. */
export function rtpMaps(media: SdpMedia): Map<number, RtpMap> {
  const out = new Map<number, RtpMap>();
  for (const v of attributeValues(media.attributes, "rtpmap")) {
    const m = parseRtpMap(v);
    if (m && !out.has(m.payloadType)) out.set(m.payloadType, m);
  }
  return out;
}

/** RFC 3551 §6: the static payload types a phone may use without an a=rtpmap. */
const STATIC_PAYLOAD_TYPES: ReadonlyMap<number, RtpMap> = new Map([
  [0, { payloadType: 0, encoding: "PCMU", clockRate: 8000 }],
  [3, { payloadType: 3, encoding: "GSM", clockRate: 8000 }],
  [4, { payloadType: 4, encoding: "G723", clockRate: 8000 }],
  [8, { payloadType: 8, encoding: "PCMA", clockRate: 8000 }],
  [9, { payloadType: 9, encoding: "G722", clockRate: 8000 }],
  [13, { payloadType: 13, encoding: "CN", clockRate: 8000 }],
  [18, { payloadType: 18, encoding: "G729", clockRate: 8000 }],
]);

/** The codec a format of an m= line stands for: its a=rtpmap, else the static assignment. */
export function codecOf(media: SdpMedia, format: string): RtpMap | undefined {
  const pt = Number(format);
  if (!Number.isInteger(pt)) return undefined;
  return rtpMaps(media).get(pt) ?? STATIC_PAYLOAD_TYPES.get(pt);
}

/** a=fmtp parameters for one payload type, verbatim. */
export function fmtpOf(media: SdpMedia, payloadType: number): string | undefined {
  for (const v of attributeValues(media.attributes, "fmtp")) {
    const m = FMTP.exec(v);
    if (m && Number(m[1]) === payloadType) return m[2];
  }
  return undefined;
}

export function ptimeOf(media: SdpMedia): number | undefined {
  const v = attributeValues(media.attributes, "ptime")[0];
  return v === undefined ? undefined : Number(v);
}

export function maxPtimeOf(media: SdpMedia): number | undefined {
  const v = attributeValues(media.attributes, "maxptime")[0];
  return v === undefined ? undefined : Number(v);
}

function directionIn(attrs: readonly SdpAttribute[]): Direction | undefined {
  for (const a of attrs) if ((DIRECTIONS as readonly string[]).includes(a.name)) return a.name as Direction;
  return undefined;
}

/** RFC 8866 §6.7: a media-level direction overrides the session level; the default is sendrecv. */
export function directionOf(media: SdpMedia, session?: SessionDescription): Direction {
  return directionIn(media.attributes) ?? (session && directionIn(session.attributes)) ?? "sendrecv";
}

/** Replaces (or adds) the media-level direction attribute, in place of the first existing one. */
export function setDirection(media: SdpMedia, dir: Direction): void {
  const i = media.attributes.findIndex((a) => (DIRECTIONS as readonly string[]).includes(a.name));
  const rest = media.attributes.filter(
    (a, j) => j <= i || !(DIRECTIONS as readonly string[]).includes(a.name),
  );
  if (i >= 0) rest[i] = { name: dir };
  else rest.push({ name: dir });
  media.attributes = rest;
}

export function rtcpOf(media: SdpMedia): RtcpAttribute | undefined {
  const v = attributeValues(media.attributes, "rtcp")[0];
  const m = v === undefined ? null : RTCP.exec(v);
  if (!m) return undefined;
  const out: RtcpAttribute = { port: Number(m[1]) };
  if (m[2] !== undefined) {
    out.netType = m[2];
    out.addrType = m[3]!;
    out.address = m[4]!;
  }
  return out;
}

/** RFC 5761 §5.1.1 a=rtcp-mux */
export function hasRtcpMux(media: SdpMedia): boolean {
  return hasAttribute(media.attributes, "rtcp-mux");
}

export function ssrcsOf(media: SdpMedia): SsrcAttribute[] {
  const out: SsrcAttribute[] = [];
  for (const v of attributeValues(media.attributes, "ssrc")) {
    const m = SSRC.exec(v);
    if (!m) continue;
    const s: SsrcAttribute = { ssrc: Number(m[1]), attribute: m[2]! };
    if (m[3] !== undefined) s.value = m[3];
    out.push(s);
  }
  return out;
}
