// A minimal REGISTER client over UDP for tests: sends the request, answers the digest
// challenge (the first offered algorithm, or a chosen one), returns the final response.
import { answerChallenge } from "../../../appliance/sip/auth/index.ts";
import { headersOf, type Received, type UdpPeer } from "./udp-peer.ts";

export interface RegisterOptions {
  peer: UdpPeer;
  port: number;
  host?: string;
  user: string;
  password: string;
  /** Omitted: a query (RFC 3261 §10.2.3). */
  contact?: string;
  expires?: number;
  callId: string;
  /** First CSeq; the authenticated retry uses the next one. */
  cseq: number;
  algorithm?: "SHA-256" | "MD5";
}

export interface RegisterResult {
  challenge?: Received;
  final?: Received;
}

function build(o: RegisterOptions, cseq: number, authorization?: string): string {
  const host = o.host ?? "127.0.0.1";
  return [
    `REGISTER sip:${host} SIP/2.0`,
    `Via: SIP/2.0/UDP ${o.peer.address}:${o.peer.port};branch=z9hG4bK-${o.callId}-${cseq};rport`,
    "Max-Forwards: 70",
    `From: <sip:${o.user}@pibx.test>;tag=t-${o.callId}`,
    `To: <sip:${o.user}@pibx.test>`,
    `Call-ID: ${o.callId}`,
    `CSeq: ${cseq} REGISTER`,
    ...(o.contact ? [`Contact: ${o.contact}`] : []),
    ...(o.expires !== undefined ? [`Expires: ${o.expires}`] : []),
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

export async function register(o: RegisterOptions, timeoutMs = 3000): Promise<RegisterResult> {
  const host = o.host ?? "127.0.0.1";
  const isFinal = (cseq: number) => (r: Received) =>
    r.text.includes(`Call-ID: ${o.callId}`) &&
    r.text.includes(`CSeq: ${cseq} REGISTER`) &&
    (r.status ?? 0) >= 200;
  o.peer.send(build(o, o.cseq), o.port, host);
  const challenge = await o.peer.waitFor(isFinal(o.cseq), timeoutMs);
  if (challenge?.status !== 401) return challenge ? { final: challenge } : {};
  const offers = headersOf(challenge.text, "WWW-Authenticate");
  const offer = o.algorithm ? offers.find((v) => v.includes(`algorithm=${o.algorithm}`)) : offers[0];
  if (!offer) return { challenge };
  const authorization = answerChallenge(offer, {
    username: o.user,
    password: o.password,
    method: "REGISTER",
    uri: `sip:${host}`,
    cnonce: `c${o.cseq}`,
    nc: 1,
  });
  o.peer.send(build(o, o.cseq + 1, authorization), o.port, host);
  const final = await o.peer.waitFor(isFinal(o.cseq + 1), timeoutMs);
  return final ? { challenge, final } : { challenge };
}
