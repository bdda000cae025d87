// Via (RFC 3261 §20.42, §25.1):
//   via-parm      = sent-protocol LWS sent-by *( SEMI via-params )
//   sent-protocol = protocol-name SLASH protocol-version SLASH transport   (SLASH = SWS "/" SWS)
//   sent-by       = host [ COLON port ]
//   via-params    = via-ttl / via-maddr / via-received / via-branch / via-extension (rport, RFC 3581)
import { ParseError } from "../../base/index.ts";
import { HOSTCHAR, isDigit } from "./chars.ts";
import { formatParams, parseParams } from "./params.ts";
import { Scanner } from "./scanner.ts";
import { splitList } from "./split.ts";
import { isIpv6, type Params } from "./uri.ts";

export interface Via {
  /** "SIP" */
  protocol: string;
  /** "2.0" */
  version: string;
  /** Upper-cased: UDP, TCP, TLS, SCTP, WS, WSS or an extension token. */
  transport: string;
  host: string;
  port?: number;
  /**
   * All parameters, names lower-cased, in order: branch, received, rport (null when sent
   * without a value, RFC 3581 §3), maddr, ttl and extensions. Use the helpers below.
   */
  params: Params;
}

export function parseVia(value: string, offset = 0): Via {
  const sc = new Scanner(value, offset);
  sc.ws();
  const protocol = sc.token();
  sc.expect("/", true);
  const version = sc.token();
  sc.expect("/", true);
  const transport = sc.token().toUpperCase();
  if (!sc.ws()) sc.fail("expected LWS before sent-by");
  const via: Via = { protocol: protocol.toUpperCase(), version, transport, host: "", params: new Map() };
  if (sc.peek() === 0x5b) {
    const start = sc.pos;
    while (!sc.done && sc.peek() !== 0x5d) sc.pos++;
    sc.expect("]");
    via.host = value.slice(start, sc.pos);
    if (!isIpv6(via.host.slice(1, -1))) throw new ParseError("invalid IPv6 sent-by", offset + start);
  } else via.host = sc.need(HOSTCHAR, "sent-by host");
  if (sc.eat(":", true)) {
    const start = sc.pos;
    while (isDigit(sc.peek())) sc.pos++;
    const digits = value.slice(start, sc.pos);
    if (digits.length === 0 || digits.length > 5 || Number(digits) > 65535) {
      throw new ParseError("bad Via port", offset + start);
    }
    via.port = Number(digits);
  }
  parseParams(sc, via.params);
  sc.end();
  const ttl = via.params.get("ttl");
  if (ttl !== undefined && (ttl === null || !/^\d{1,3}$/.test(ttl) || Number(ttl) > 255)) {
    throw new ParseError("bad Via ttl", offset); // via-ttl = "ttl" EQUAL ttl (0-255)
  }
  const rport = via.params.get("rport");
  if (rport !== undefined && rport !== null && (!/^\d{1,5}$/.test(rport) || Number(rport) > 65535)) {
    throw new ParseError("bad Via rport", offset);
  }
  if (via.params.get("branch") === null) throw new ParseError("Via branch without value", offset);
  return via;
}

/** Parses one Via header line, which may hold several comma-separated via-parms. */
export function parseViaList(value: string, offset = 0): Via[] {
  return splitList(value).map((v) => {
    if (v.length === 0) throw new ParseError("empty Via element", offset);
    return parseVia(v, offset);
  });
}

export function formatVia(via: Via): string {
  const port = via.port === undefined ? "" : `:${via.port}`;
  return `${via.protocol}/${via.version}/${via.transport} ${via.host}${port}${formatParams(via.params)}`;
}

export function viaBranch(via: Via): string | undefined {
  return via.params.get("branch") ?? undefined;
}

export function viaReceived(via: Via): string | undefined {
  return via.params.get("received") ?? undefined;
}

/** The rport value: a number, null when present without value, undefined when absent. */
export function viaRport(via: Via): number | null | undefined {
  const r = via.params.get("rport");
  return r === undefined ? undefined : r === null ? null : Number(r);
}

export function viaMaddr(via: Via): string | undefined {
  return via.params.get("maddr") ?? undefined;
}

export function viaTtl(via: Via): number | undefined {
  const t = via.params.get("ttl");
  return t === undefined || t === null ? undefined : Number(t);
}

/** sent-by as host:port with the default port of the transport (RFC 3261 §18.2.2, §19.1.2). */
export function viaSentBy(via: Via): string {
  const port = via.port ?? (via.transport === "TLS" || via.transport === "WSS" ? 5061 : 5060);
  return `${via.host.toLowerCase()}:${port}`;
}
