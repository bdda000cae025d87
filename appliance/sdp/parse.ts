// SDP parser (RFC 8866 §5). Strict about what pibx relies on (v= first, o= well formed, numbers
// in range, c= present for every live stream), tolerant about the rest: LF or CRLF line ends,
// trailing whitespace, a missing s= or t=, unknown type letters and attributes.
import { LimitExceededError, ParseError } from "../base/index.ts";
import { validateAttribute } from "./attributes.ts";
import { DEFAULT_SDP_LIMITS, type SdpLimits } from "./limits.ts";
import type {
  SdpAttribute,
  SdpBandwidth,
  SdpConnection,
  SdpMedia,
  SdpOrigin,
  SessionDescription,
} from "./model.ts";

interface Line {
  type: string;
  value: string;
  offset: number;
}

const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;

export function parseSdp(
  text: string | Uint8Array,
  limits: SdpLimits = DEFAULT_SDP_LIMITS,
): SessionDescription {
  const src = typeof text === "string" ? text : Buffer.from(text).toString("utf8");
  if (Buffer.byteLength(src, "utf8") > limits.maxBytes)
    throw new LimitExceededError("maxBytes", limits.maxBytes, 0);
  const lines = splitLines(src, limits);
  const first = lines[0];
  // RFC 8866 §5: the description starts with v=, and §5.1 the only version is 0.
  if (first?.type !== "v") throw new ParseError("SDP must start with v=", first?.offset ?? 0);
  if (first.value !== "0") throw new ParseError(`unsupported SDP version "${first.value}"`, first.offset);

  let origin: SdpOrigin | undefined;
  const session: Omit<SessionDescription, "origin"> = {
    version: 0,
    sessionName: "-",
    emails: [],
    phones: [],
    bandwidths: [],
    timings: [],
    attributes: [],
    media: [],
  };
  let media: SdpMedia | undefined;
  const mediaOffsets: number[] = [];
  let attrCount = 0;

  for (const line of lines.slice(1)) {
    const { type, value, offset } = line;
    if (type === "m") {
      if (session.media.length >= limits.maxMedia)
        throw new LimitExceededError("maxMedia", limits.maxMedia, offset);
      media = parseMediaLine(value, offset, limits);
      mediaOffsets.push(offset);
      session.media.push(media);
      continue;
    }
    if (type === "a") {
      if (++attrCount > limits.maxAttributes)
        throw new LimitExceededError("maxAttributes", limits.maxAttributes, offset);
      const attr = parseAttribute(value, offset);
      (media ? media.attributes : session.attributes).push(attr);
      continue;
    }
    if (media) {
      // RFC 8866 §5: the media-level lines are i=, c=, b=, k= and a= only.
      if (type === "i") media.title = value;
      else if (type === "c") media.connections.push(parseConnection(value, offset));
      else if (type === "b") media.bandwidths.push(parseBandwidth(value, offset));
      else if (type === "k") media.key = value;
      else if ("vosuepzrt".includes(type))
        throw new ParseError(`session-level ${type}= inside a media section`, offset);
      // RFC 8866 §5: unknown type letters are ignored.
      continue;
    }
    switch (type) {
      case "v":
        throw new ParseError("duplicate v=", offset);
      case "o":
        if (origin) throw new ParseError("duplicate o=", offset);
        origin = parseOrigin(value, offset);
        break;
      case "s":
        session.sessionName = value;
        break;
      case "i":
        session.info = value;
        break;
      case "u":
        session.uri = value;
        break;
      case "e":
        session.emails.push(value);
        break;
      case "p":
        session.phones.push(value);
        break;
      case "c":
        if (session.connection) throw new ParseError("duplicate session-level c=", offset);
        session.connection = parseConnection(value, offset);
        break;
      case "b":
        session.bandwidths.push(parseBandwidth(value, offset));
        break;
      case "t": {
        const parts = value.split(" ");
        if (parts.length !== 2 || !parts.every((p) => /^\d{1,20}$/.test(p)))
          throw new ParseError(`bad t= "${value}"`, offset);
        session.timings.push({ start: parts[0]!, stop: parts[1]!, repeats: [] });
        break;
      }
      case "r": {
        const t = session.timings[session.timings.length - 1];
        if (!t) throw new ParseError("r= without t=", offset);
        t.repeats.push(value);
        break;
      }
      case "z":
        session.timeZones = value;
        break;
      case "k":
        session.key = value;
        break;
      default:
        // RFC 8866 §5: a type letter the parser does not understand is ignored.
        break;
    }
  }
  // RFC 8866 §5.2: o= is mandatory.
  if (!origin) throw new ParseError("missing o=", src.length);
  // Tolerance: some endpoints omit t=; it means "0 0" (unbounded).
  if (session.timings.length === 0) session.timings.push({ start: "0", stop: "0", repeats: [] });
  const sdp: SessionDescription = { ...session, origin };
  for (const [i, m] of sdp.media.entries()) {
    // RFC 8866 §5.7: every media needs a c=, at session or media level (rejected ones excepted).
    if (m.port !== 0 && !sdp.connection && m.connections.length === 0)
      throw new ParseError(`m= #${i} has no c= and there is no session-level c=`, mediaOffsets[i] ?? 0);
  }
  return sdp;
}

function splitLines(src: string, limits: SdpLimits): Line[] {
  const out: Line[] = [];
  let offset = 0;
  for (const raw of src.split("\n")) {
    const lineOffset = offset;
    offset += raw.length + 1;
    const text = raw.replace(/[\r \t]+$/, "");
    if (text === "") continue;
    if (out.length >= limits.maxLines) throw new LimitExceededError("maxLines", limits.maxLines, lineOffset);
    if (text.length > limits.maxLineLength)
      throw new LimitExceededError("maxLineLength", limits.maxLineLength, lineOffset);
    // RFC 8866 §5: <type>=<value>, type a single letter, no whitespace around "=".
    if (text.length < 2 || text[1] !== "=" || !/^[a-z]$/.test(text[0]!))
      throw new ParseError(`malformed SDP line "${text.slice(0, 40)}"`, lineOffset);
    out.push({ type: text[0]!, value: text.slice(2), offset: lineOffset });
  }
  return out;
}

function parseOrigin(value: string, offset: number): SdpOrigin {
  const p = value.split(" ").filter((x) => x !== "");
  if (p.length !== 6) throw new ParseError(`o= needs 6 fields, got ${p.length}`, offset);
  if (!/^\d{1,20}$/.test(p[1]!) || !/^\d{1,20}$/.test(p[2]!))
    throw new ParseError("o= session id and version must be numeric", offset);
  return {
    username: p[0]!,
    sessionId: p[1]!,
    sessionVersion: BigInt(p[2]!),
    netType: p[3]!,
    addrType: p[4]!,
    address: p[5]!,
  };
}

function parseConnection(value: string, offset: number): SdpConnection {
  const p = value.split(" ").filter((x) => x !== "");
  if (p.length !== 3) throw new ParseError(`c= needs 3 fields, got ${p.length}`, offset);
  const [address, ...suffix] = p[2]!.split("/");
  if (!address || suffix.length > 2 || !suffix.every((s) => /^\d{1,5}$/.test(s)))
    throw new ParseError(`bad connection address "${p[2]}"`, offset);
  const c: SdpConnection = { netType: p[0]!, addrType: p[1]!, address };
  // RFC 8866 §5.7: IP4 multicast carries /ttl[/count]; IP6 carries only /count.
  if (p[1] === "IP4" && suffix.length >= 1) {
    c.ttl = Number(suffix[0]);
    if (suffix[1] !== undefined) c.count = Number(suffix[1]);
  } else if (suffix.length === 1) {
    c.count = Number(suffix[0]);
  } else if (suffix.length > 1) {
    throw new ParseError(`bad connection address "${p[2]}"`, offset);
  }
  return c;
}

function parseBandwidth(value: string, offset: number): SdpBandwidth {
  const m = /^([A-Za-z0-9_-]+):(\d{1,10})$/.exec(value);
  if (!m) throw new ParseError(`bad b= "${value}"`, offset);
  return { type: m[1]!, value: Number(m[2]) };
}

function parseAttribute(value: string, offset: number): SdpAttribute {
  const colon = value.indexOf(":");
  const name = colon < 0 ? value : value.slice(0, colon);
  if (!TOKEN.test(name)) throw new ParseError(`bad attribute name "${name}"`, offset);
  const attr: SdpAttribute = colon < 0 ? { name } : { name, value: value.slice(colon + 1) };
  validateAttribute(attr, offset);
  return attr;
}

function parseMediaLine(value: string, offset: number, limits: SdpLimits): SdpMedia {
  const p = value.split(" ").filter((x) => x !== "");
  if (p.length < 4) throw new ParseError("m= needs media, port, proto and at least one format", offset);
  const pm = /^(\d{1,5})(?:\/(\d{1,5}))?$/.exec(p[1]!);
  if (!pm || Number(pm[1]) > 65535) throw new ParseError(`bad m= port "${p[1]}"`, offset);
  if (!TOKEN.test(p[0]!)) throw new ParseError(`bad media type "${p[0]}"`, offset);
  const formats = p.slice(3);
  if (formats.length > limits.maxFormats)
    throw new LimitExceededError("maxFormats", limits.maxFormats, offset);
  // RFC 8866 §5.14: for RTP/AVP the formats are payload type numbers.
  if (/^(RTP|UDP\/TLS\/RTP)\//.test(p[2]!) && !formats.every((f) => /^\d{1,3}$/.test(f) && Number(f) <= 127))
    throw new ParseError("RTP formats must be payload types 0-127", offset);
  const m: SdpMedia = {
    type: p[0]!,
    port: Number(pm[1]),
    proto: p[2]!,
    formats,
    connections: [],
    bandwidths: [],
    attributes: [],
  };
  if (pm[2] !== undefined) m.portCount = Number(pm[2]);
  return m;
}
