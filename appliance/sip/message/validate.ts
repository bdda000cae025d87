// Checks a UAS or proxy makes on a parsed request before processing it, returning the response
// to send instead of throwing (RFC 3261 §8.2, §16.3). Order: version, malformed / missing
// headers (400), method (405), Request-URI scheme (416), Max-Forwards (483, proxy only),
// extensions (420), content (415), acceptability (406).
import { ParseError } from "../../base/index.ts";
import {
  getAccept,
  getContacts,
  getContentType,
  getCSeq,
  getFrom,
  getRecordRoutes,
  getRoutes,
  getTokens,
  getVias,
} from "./accessors.ts";
import { SINGLE_VALUED } from "./header-names.ts";
import {
  getHeader,
  getHeaders,
  getHeaderValues,
  SIP_VERSION,
  type SipRequest,
  type SipResponse,
} from "./message.ts";
import { parseNameAddr } from "./name-addr.ts";
import { reasonPhrase } from "./response.ts";
import { mediaRangeMatches, parseCallId, parseExpires, parseMaxForwards } from "./scalars.ts";
import { isIpv4 } from "./uri.ts";

export interface ValidationOptions {
  /** "uas" (default): an endpoint (UAS core, registrar, B2BUA). "proxy": RFC 3261 §16.3 checks. */
  role?: "uas" | "proxy";
  /** Request-URI schemes this element serves (RFC 3261 §8.2.2.1). Default sip, sips, tel. */
  supportedSchemes?: readonly string[];
  /** Option tags this element supports (checked against Require, or Proxy-Require for a proxy). */
  supportedExtensions?: readonly string[];
  /** If set, other methods are answered 405 with Allow (RFC 3261 §8.2.1). */
  allowedMethods?: readonly string[];
  /** If set, a body of another type is answered 415 with Accept (RFC 3261 §8.2.3). */
  acceptedContentTypes?: readonly string[];
  /** Content-Encodings understood (RFC 3261 §8.2.3). Default: identity only. */
  acceptedEncodings?: readonly string[];
  /** Body types a 2xx to INVITE can carry; an Accept that allows none of them gets 406. */
  producibleContentTypes?: readonly string[];
  /**
   * Accept RFC 2543 peers (default true): no Max-Forwards, no From tag, branch without the
   * magic cookie (RFC 3261 §8.2.2.2, §17.2.3, RFC 4475 §3.4.1).
   */
  rfc2543Compat?: boolean;
}

export type Verdict =
  | { ok: true }
  | { ok: false; status: number; reason: string; headers: Array<[string, string]> };

const OK: Verdict = { ok: true };

function reject(status: number, reason?: string, headers: Array<[string, string]> = []): Verdict {
  return { ok: false, status, reason: reason ?? reasonPhrase(status), headers };
}

/** Runs fn; a ParseError becomes a 400 naming the header. */
function parsed(what: string, fn: () => unknown): Verdict | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof ParseError) return reject(400, `Malformed ${what}`);
    throw err;
  }
}

/**
 * The response a UAS (or proxy) must send instead of processing req, or { ok: true }. An ACK is
 * never answered (RFC 3261 §17.1.1.3): drop it when the verdict is not ok.
 */
export function validateRequest(req: SipRequest, options: ValidationOptions = {}): Verdict {
  const role = options.role ?? "uas";
  const compat = options.rfc2543Compat ?? true;
  // RFC 3261 §21.5.6: a version we do not speak gets 505 (RFC 4475 §3.1.2.16).
  if (req.version !== SIP_VERSION) return reject(505);

  // RFC 3261 §8.1.1: To, From, CSeq, Call-ID, Max-Forwards and Via are mandatory
  // (Max-Forwards is waived for RFC 2543 peers: a proxy then adds one, §16.6 step 3).
  const required = compat
    ? ["Via", "From", "To", "Call-ID", "CSeq"]
    : ["Via", "From", "To", "Call-ID", "CSeq", "Max-Forwards"];
  for (const name of required) {
    if (getHeader(req, name) === undefined) return reject(400, `Missing ${name}`);
  }
  // RFC 3261 §7.3.1: only list headers may appear more than once (RFC 4475 §3.3.8).
  for (const name of SINGLE_VALUED) {
    if (getHeaders(req, name).length > 1) return reject(400, `Multiple ${name} values`);
  }
  const checks: Array<[string, () => unknown]> = [
    ["Via", () => getVias(req)],
    ["From", () => getFrom(req)],
    ["To", () => parseNameAddr(getHeader(req, "To")!)],
    ["Call-ID", () => parseCallId(getHeader(req, "Call-ID")!)],
    ["CSeq", () => getCSeq(req)],
    [
      "Max-Forwards",
      () => getHeader(req, "Max-Forwards") !== undefined && parseMaxForwards(getHeader(req, "Max-Forwards")!),
    ],
    ["Contact", () => getContacts(req)],
    ["Route", () => getRoutes(req)],
    ["Record-Route", () => getRecordRoutes(req)],
    ["Expires", () => getHeader(req, "Expires") !== undefined && parseExpires(getHeader(req, "Expires")!)],
    ["Content-Type", () => getContentType(req)],
    ["Require", () => getTokens(req, "Require")],
    ["Proxy-Require", () => getTokens(req, "Proxy-Require")],
    ["Supported", () => getTokens(req, "Supported")],
    ["Accept", () => getAccept(req)],
  ];
  for (const [what, fn] of checks) {
    const v = parsed(what, fn);
    if (v) return v;
  }
  // Contact expires parameters must be delta-seconds (RFC 3261 §20.10; RFC 4475 §3.1.2.4).
  const contacts = getContacts(req);
  if (contacts !== "*") {
    for (const c of contacts) {
      const e = c.params.get("expires");
      if (e !== undefined && parsed("Contact expires", () => parseExpires(e ?? ""))) {
        return reject(400, "Malformed Contact expires");
      }
    }
  }
  const cseq = getCSeq(req)!;
  // The CSeq method must match the Request-Line method (RFC 3261 §8.1.1.5; RFC 4475 §3.1.2.17-18).
  if (cseq.method !== req.method) return reject(400, "CSeq method does not match the Request-Line");
  if (!compat && getFrom(req)!.params.get("tag") == null) return reject(400, "Missing From tag"); // §8.1.1.3
  // RFC 3261 §19.1.1: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
  if (req.uri.type === "sip" && req.uri.headers.length > 0) return reject(400, "Headers in Request-URI");

  // RFC 3261 §8.2.1: method inspection.
  if (
    options.allowedMethods &&
    role === "uas" &&
    !options.allowedMethods.includes(req.method) &&
    req.method !== "ACK"
  ) {
    return reject(405, undefined, [["Allow", options.allowedMethods.join(", ")]]);
  }
  // RFC 3261 §8.2.2.1: unsupported Request-URI scheme → 416 (RFC 4475 §3.3.2, §3.3.3).
  const schemes = options.supportedSchemes ?? ["sip", "sips", "tel"];
  if (!schemes.includes(req.uri.scheme)) return reject(416);

  if (role === "proxy") {
    // RFC 3261 §16.3 step 3: Max-Forwards of zero → 483, though OPTIONS MAY be answered locally.
    const mf = getHeader(req, "Max-Forwards");
    if (mf !== undefined && parseMaxForwards(mf) === 0 && req.method !== "OPTIONS") return reject(483);
    // RFC 3261 §16.3 step 5: Proxy-Require → 420 with Unsupported.
    const unsupported = unsupportedTags(getTokens(req, "Proxy-Require"), options.supportedExtensions);
    if (unsupported.length) return reject(420, undefined, [["Unsupported", unsupported.join(", ")]]);
    return OK;
  }

  // RFC 3261 §8.2.2.3: Require → 420 with Unsupported, but never for ACK or CANCEL.
  if (req.method !== "ACK" && req.method !== "CANCEL") {
    const unsupported = unsupportedTags(getTokens(req, "Require"), options.supportedExtensions);
    if (unsupported.length) return reject(420, undefined, [["Unsupported", unsupported.join(", ")]]);
  }
  // RFC 3261 §8.2.3: content processing.
  if (req.body.length > 0) {
    const encodings = options.acceptedEncodings ?? ["identity"];
    const used = getHeaderValues(req, "Content-Encoding")
      .map((e) => e.toLowerCase())
      .filter((e) => e !== "");
    if (used.some((e) => !encodings.includes(e))) {
      return reject(415, undefined, [["Accept-Encoding", encodings.join(", ")]]);
    }
    const ct = getContentType(req);
    if (
      options.acceptedContentTypes &&
      ct &&
      !options.acceptedContentTypes.includes(`${ct.type}/${ct.subtype}`)
    ) {
      return reject(415, undefined, [["Accept", options.acceptedContentTypes.join(", ")]]);
    }
  }
  // RFC 3261 §21.4.7: an INVITE whose Accept excludes every body we could answer with → 406.
  const accept = getAccept(req);
  if (req.method === "INVITE" && accept && accept.length > 0) {
    const producible = options.producibleContentTypes ?? ["application/sdp"];
    const ok = producible.some((p) => {
      const [t, s] = p.split("/") as [string, string];
      return accept.some((r) => mediaRangeMatches(r, t, s));
    });
    if (!ok) return reject(406, undefined, [["Accept", producible.join(", ")]]);
  }
  return OK;
}

function unsupportedTags(required: string[], supported: readonly string[] = []): string[] {
  const s = new Set(supported.map((t) => t.toLowerCase()));
  return required.filter((t) => !s.has(t.toLowerCase()));
}

export type ResponseVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Checks on a received response; a failing response is discarded, never answered or forwarded
 * (RFC 4475 §3.1.2.5, §3.1.2.19, §3.3.10).
 */
export function validateResponse(
  res: SipResponse,
  options: { role?: "uac" | "proxy" } = {},
): ResponseVerdict {
  if (res.version !== SIP_VERSION) return { ok: false, reason: "unsupported SIP version" };
  for (const name of ["Via", "From", "To", "Call-ID", "CSeq"]) {
    if (getHeader(res, name) === undefined) return { ok: false, reason: `missing ${name}` };
  }
  for (const name of SINGLE_VALUED) {
    if (getHeaders(res, name).length > 1) return { ok: false, reason: `multiple ${name} values` };
  }
  let vias: ReturnType<typeof getVias>;
  try {
    vias = getVias(res);
    getFrom(res);
    parseNameAddr(getHeader(res, "To")!);
    parseCallId(getHeader(res, "Call-ID")!);
    getCSeq(res);
  } catch (err) {
    if (err instanceof ParseError) return { ok: false, reason: `malformed header: ${err.message}` };
    throw err;
  }
  // RFC 3261 §8.1.3.3: a UAC discards a response carrying more than one Via.
  if ((options.role ?? "uac") === "uac" && vias.length > 1) return { ok: false, reason: "more than one Via" };
  // A proxy forwards to the next Via: never to a broadcast or multicast address (RFC 4475 §3.3.10).
  const next = vias[1];
  if (next && isBroadcastOrMulticast(next.params.get("maddr") ?? next.host)) {
    return { ok: false, reason: "next Via is a broadcast or multicast address" };
  }
  return OK;
}

function isBroadcastOrMulticast(host: string): boolean {
  if (!isIpv4(host)) return host.startsWith("[ff") || host.startsWith("[FF");
  const first = Number(host.split(".")[0]);
  return host === "255.255.255.255" || (first >= 224 && first <= 239);
}
