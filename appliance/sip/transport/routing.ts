// Pure Via processing of the transport layer:
//   stampReceived  — RFC 3261 §18.2.1 and RFC 3581 §4 on an incoming request
//   responseTarget — RFC 3261 §18.2.2 and RFC 3581 §4: where a response goes
//   stampSentBy    — RFC 3261 §18.1.1: the client transport fills in sent-by (and RFC 3581 rport)
import { ParseError } from "../../base/index.ts";
import {
  formatVia,
  getHeaders,
  type HeaderField,
  parseViaList,
  type SipRequest,
  type SipResponse,
  type Via,
  viaReceived,
  viaRport,
} from "../message/index.ts";
import {
  defaultPort,
  type Endpoint,
  type MessageSource,
  parseProtocol,
  type TransportProtocol,
} from "./types.ts";

/** Replaces the first Via value of the first Via line, keeping any further values of that line. */
function replaceTopVia(headers: HeaderField[], via: Via): HeaderField[] {
  const idx = headers.findIndex((h) => h.name === "Via");
  if (idx < 0) return headers;
  const rest = parseViaList(headers[idx]!.value).slice(1);
  const out = headers.slice();
  out[idx] = { name: "Via", value: [via, ...rest].map(formatVia).join(", ") };
  return out;
}

function topVia(headers: HeaderField[]): Via {
  const first = getHeaders({ headers }, "Via")[0];
  if (first === undefined) throw new ParseError("no Via", 0);
  return parseViaList(first)[0]!;
}

/** Strips IPv6 brackets so hosts compare with socket addresses. */
export function bareHost(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/**
 * RFC 3261 §18.2.1: add received when the sent-by host differs from the packet's source
 * address; RFC 3581 §4: when rport is present without a value, set it to the source port and
 * add received in any case. Returns a new request (the input is not modified); throws
 * ParseError when the top Via is malformed.
 */
export function stampReceived(req: SipRequest, remote: Endpoint): SipRequest {
  const via = topVia(req.headers);
  const rport = viaRport(via);
  const params = new Map(via.params);
  let changed = false;
  if (rport === null) {
    params.set("rport", String(remote.port));
    changed = true;
  }
  if (bareHost(via.host).toLowerCase() !== remote.address.toLowerCase() || rport === null) {
    params.set("received", remote.address);
    changed = true;
  }
  if (!changed) return req;
  return { ...req, headers: replaceTopVia(req.headers, { ...via, params }) };
}

export interface ResponseTarget {
  protocol: TransportProtocol;
  address: string;
  port: number;
  /** Reuse this connection when it is still open (reliable transports). */
  connectionId?: number;
}

/** RFC 3261 §18.2.2 / RFC 3581 §4: where to send a response, from its top Via. */
export function responseTarget(res: SipResponse, source?: MessageSource): ResponseTarget {
  const via = topVia(res.headers);
  const declared = parseProtocol(via.transport);
  // The transport the request actually arrived on wins over a sent-protocol that disagrees
  // (RFC 4475 §3.3.5 sends "SIP/2.0/TLS" over UDP): a response must be deliverable.
  const protocol = source?.protocol ?? declared ?? "UDP";
  const received = viaReceived(via);
  const rport = viaRport(via);
  const sentByPort = via.port ?? defaultPort(protocol); // §18.2.2: "or port 5060 if none"
  const target: ResponseTarget = { protocol, address: bareHost(via.host), port: sentByPort };
  // Reliable: the connection the request arrived on, if still open (§18.2.2 first bullet).
  if (protocol !== "UDP" && source?.connectionId !== undefined) target.connectionId = source.connectionId;
  const maddr = via.params.get("maddr");
  if (maddr) {
    // §18.2.2 second bullet: maddr (multicast is not used here; sent as unicast).
    target.address = bareHost(maddr);
  } else if (received) {
    // §18.2.2 third bullet, with RFC 3581 §4: over UDP the rport value replaces the sent-by
    // port. A new TCP/TLS connection goes to received and the sent-by port (§18.2.2).
    target.address = bareHost(received);
    if (typeof rport === "number" && protocol === "UDP") target.port = rport;
  }
  return target;
}

/**
 * RFC 3261 §18.1.1: the client transport inserts sent-by (our advertised address) and the
 * transport token into the top Via; rport (RFC 3581 §3) asks for symmetric responses. The
 * branch and other parameters are kept. Returns a new request.
 */
export function stampSentBy(
  req: SipRequest,
  protocol: TransportProtocol,
  sentBy: Endpoint,
  opts: { rport?: boolean } = {},
): SipRequest {
  const via = topVia(req.headers);
  const params = new Map(via.params);
  if (opts.rport && !params.has("rport")) params.set("rport", null);
  const host =
    sentBy.address.includes(":") && !sentBy.address.startsWith("[") ? `[${sentBy.address}]` : sentBy.address;
  const next: Via = { ...via, transport: protocol, host, port: sentBy.port, params };
  return { ...req, headers: replaceTopVia(req.headers, next) };
}

const WILDCARDS = new Set(["0.0.0.0", "::"]);

/** RFC 3261 §18.1.2: a response whose top Via sent-by is not ours is discarded. */
export function responseIsForUs(res: SipResponse, ours: ReadonlyArray<Endpoint>): boolean {
  let via: Via;
  try {
    via = topVia(res.headers);
  } catch {
    return false;
  }
  const host = bareHost(via.host).toLowerCase();
  const protocol = parseProtocol(via.transport) ?? "UDP";
  const port = via.port ?? defaultPort(protocol);
  // A wildcard bind (0.0.0.0, ::) matches any host on its port.
  return ours.some((e) => e.port === port && (WILDCARDS.has(e.address) || e.address.toLowerCase() === host));
}
