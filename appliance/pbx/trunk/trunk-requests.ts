// The requests the trunk client sends: REGISTER (RFC 3261 §10.2) and the OPTIONS keepalive
// (RFC 3261 §11). Pure builders; the transport stamps Via sent-by and rport (RFC 3581 §3).
import {
  formatNameAddr,
  formatUri,
  type HeaderField,
  SIP_VERSION,
  type SipRequest,
  type SipUri,
  sipUri,
} from "../../sip/index.ts";
import type { TransportProtocol } from "../../sip/transport/index.ts";

export interface RequestParts {
  /** Registrar/proxy URI (Request-URI of REGISTER and OPTIONS). */
  registrar: SipUri;
  /** Address-of-record: From and To of REGISTER (RFC 3261 §10.2). */
  aor: SipUri;
  callId: string;
  cseq: number;
  branch: string;
  fromTag: string;
  /** Via host placeholder (the transport replaces sent-by). */
  viaHost: string;
  protocol: TransportProtocol;
  userAgent?: string;
}

/** The registrar's URI: `sip:host[:port]` (RFC 3261 §10.2: Request-URI names the domain, no user). */
export function registrarUri(host: string, port: number, protocol: TransportProtocol): SipUri {
  const uri = sipUri(host, {
    scheme: protocol === "TLS" ? "sips" : "sip",
    ...(port !== (protocol === "TLS" ? 5061 : 5060) ? { port } : {}),
  });
  if (protocol === "TCP") uri.params.set("transport", "tcp");
  return uri;
}

/** Our Contact toward the trunk: the unguessable user part is how inbound INVITEs prove their path. */
export function contactUri(
  user: string,
  address: string,
  port: number | undefined,
  protocol: TransportProtocol,
): SipUri {
  const uri = sipUri(address, {
    user,
    scheme: protocol === "TLS" ? "sips" : "sip",
    ...(port !== undefined ? { port } : {}),
  });
  if (protocol === "TCP") uri.params.set("transport", "tcp");
  return uri;
}

function common(method: string, p: RequestParts, to: string): HeaderField[] {
  const headers: HeaderField[] = [
    // RFC 3261 §8.1.1.7: a fresh branch with the magic cookie for every new transaction.
    { name: "Via", value: `SIP/2.0/${p.protocol} ${p.viaHost};branch=${p.branch}` },
    { name: "Max-Forwards", value: "70" },
    { name: "From", value: `${formatNameAddr({ uri: p.aor, params: new Map() })};tag=${p.fromTag}` },
    { name: "To", value: to },
    { name: "Call-ID", value: p.callId },
    { name: "CSeq", value: `${p.cseq} ${method}` },
  ];
  if (p.userAgent) headers.push({ name: "User-Agent", value: p.userAgent });
  return headers;
}

export function buildRegister(
  p: RequestParts,
  contact: SipUri,
  expiresSeconds: number,
  authorization?: { name: string; value: string },
): SipRequest {
  // RFC 3261 §10.2: To = From = the AOR; Call-ID and From tag stay across refreshes (§10.2.4).
  const headers = common("REGISTER", p, formatNameAddr({ uri: p.aor, params: new Map() }));
  headers.push({ name: "Contact", value: `<${formatUri(contact)}>` });
  // RFC 3261 §10.2.1.1: the lifetime the UAC asks for.
  headers.push({ name: "Expires", value: String(expiresSeconds) });
  if (authorization) headers.push({ name: authorization.name, value: authorization.value });
  headers.push({ name: "Content-Length", value: "0" });
  return {
    kind: "request",
    method: "REGISTER",
    uri: p.registrar,
    version: SIP_VERSION,
    headers,
    body: Buffer.alloc(0),
  };
}

export function buildOptions(p: RequestParts): SipRequest {
  const headers = common("OPTIONS", p, formatNameAddr({ uri: p.registrar, params: new Map() }));
  headers.push({ name: "Accept", value: "application/sdp" });
  headers.push({ name: "Content-Length", value: "0" });
  return {
    kind: "request",
    method: "OPTIONS",
    uri: p.registrar,
    version: SIP_VERSION,
    headers,
    body: Buffer.alloc(0),
  };
}
