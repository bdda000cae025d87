// The B-leg of an outbound call through a SIP trunk: what the INVITE to the provider carries and
// how its digest challenge is answered. Pure apart from the DigestClientSession's nonce counts.
//
//  - Request-URI `sip:<number>@<trunk host[:port]>` (RFC 3261 §8.1.1.1), To the number at the
//    provider's domain (§8.1.1.2);
//  - From (§8.1.1.3): the trunk's caller ID (callerIdHeader "from"), or the account's AOR with the
//    caller ID asserted in P-Asserted-Identity (callerIdHeader "pai", RFC 3325 §9.1: the provider
//    is the trusted peer that receives it); with privacy, From is anonymous (RFC 3323 §4.1.1.3)
//    and `Privacy: id` asks the provider to withhold the asserted identity (RFC 3325 §9.3);
//  - Contact: our registration's token at the public address (what the provider can reach);
//  - a 401/407 to the INVITE is answered with the trunk's credentials (RFC 3261 §22.2, §22.3);
//    a second challenge to fresh credentials means they were wrong, unless it says stale=true
//    (RFC 7616 §3.3): then the call fails with that challenge rather than looping.
import {
  formatNameAddr,
  formatUri,
  type NameAddr,
  type SipRequest,
  type SipResponse,
  type SipUri,
  sipUri,
} from "../../sip/index.ts";
import type { ContactTarget, TrunkLeg } from "../calls/call-deps.ts";
import { DigestClientSession } from "./digest-answer.ts";
import { contactUri } from "./trunk-requests.ts";
import type { TrunkCallerId, TrunkSettings } from "./trunk-settings.ts";

export interface TrunkLegInput {
  settings: TrunkSettings;
  /** The number as the dial plan sends it to this trunk. */
  number: string;
  callerId: TrunkCallerId;
  /** Our Contact toward the provider: the registration's token and the public address. */
  contact: { user: string; address: string; port?: number };
  /** Fresh cnonces for the digest answers (RFC 7616 §3.4). */
  cnonce: () => string;
}

export interface AuthorizationHeader {
  name: "Authorization" | "Proxy-Authorization";
  value: string;
}

/** Everything the dialog layer's invite() needs for the B-leg, apart from the SDP offer. */
export interface TrunkLegPlan {
  requestUri: SipUri;
  from: NameAddr;
  to: NameAddr;
  headers: Array<[string, string]>;
  contact: SipUri;
  /** Answers a 401/407 to the INVITE; undefined: give up (the failure ends the call). */
  authenticate: (challenge: SipResponse, request: SipRequest) => AuthorizationHeader | undefined;
}

/** The contact a Call rings for a planned trunk leg; `mediaAddress` goes into its SDP. */
export function trunkTarget(plan: TrunkLegPlan, mediaAddress: string): ContactTarget & { trunk: TrunkLeg } {
  return {
    uri: plan.requestUri,
    trunk: {
      from: plan.from,
      to: plan.to,
      headers: plan.headers,
      contact: plan.contact,
      mediaAddress,
      authenticate: plan.authenticate,
    },
  };
}

/** RFC 7616 §3.3 stale retries allowed on one call before the failure is final. */
const MAX_STALE_RETRIES = 2;

function domainOf(s: TrunkSettings): string {
  return s.domain ?? s.host;
}

/** The Request-URI: the number at the trunk's host and port, over its transport. */
export function trunkRequestUri(s: TrunkSettings, number: string): SipUri {
  const tls = s.transport === "TLS";
  const defaultPort = tls ? 5061 : 5060;
  const uri = sipUri(s.host, {
    user: number,
    scheme: tls ? "sips" : "sip",
    ...(s.port !== defaultPort ? { port: s.port } : {}),
  });
  if (s.transport === "TCP") uri.params.set("transport", "tcp");
  // RFC 3261 §19.1.6: a telephone number in a SIP URI is marked user=phone.
  if (/^\+?[0-9]+$/.test(number)) uri.params.set("user", "phone");
  return uri;
}

export function planTrunkLeg(i: TrunkLegInput): TrunkLegPlan {
  const s = i.settings;
  const domain = domainOf(s);
  const presented = i.callerId.number ?? s.username;
  const identity: NameAddr = { uri: sipUri(domain, { user: presented }), params: new Map() };
  if (i.callerId.name) identity.displayName = i.callerId.name;
  const headers: Array<[string, string]> = [];
  let from: NameAddr;
  if (i.callerId.privacy) {
    // RFC 3323 §4.1.1.3: an anonymous From; the provider still learns who calls from the PAI.
    from = {
      displayName: "Anonymous",
      uri: sipUri("anonymous.invalid", { user: "anonymous" }),
      params: new Map(),
    };
    headers.push(["P-Asserted-Identity", formatNameAddr(identity)]);
    headers.push(["Privacy", "id"]);
  } else if (i.callerId.header === "pai") {
    // RFC 3325 §9.1: the asserted identity for the trusted provider; From is the account.
    from = { uri: sipUri(domain, { user: s.username }), params: new Map() };
    headers.push(["P-Asserted-Identity", formatNameAddr(identity)]);
  } else {
    from = identity;
  }
  const contact = contactUri(i.contact.user, i.contact.address, i.contact.port, s.transport);
  return {
    requestUri: trunkRequestUri(s, i.number),
    from,
    to: { uri: sipUri(domain, { user: i.number }), params: new Map() },
    headers,
    contact,
    authenticate: trunkAuthenticator(s, i.cnonce),
  };
}

/** One call's digest client for the trunk (a fresh nonce count per call). */
export function trunkAuthenticator(
  s: TrunkSettings,
  cnonce: () => string,
): (challenge: SipResponse, request: SipRequest) => AuthorizationHeader | undefined {
  const digest = new DigestClientSession(
    () => ({ username: s.authUsername ?? s.username, password: s.password }),
    cnonce,
  );
  let answered: { nonce: string } | undefined;
  let staleRetries = 0;
  return (challenge, request) => {
    // RFC 3261 §22.2: the digest-uri is the Request-URI as sent; the method is the request's.
    const a = digest.answer(challenge, request.method, formatUri(request.uri));
    if (!a.ok) return undefined;
    if (answered) {
      // RFC 7616 §3.3: challenged again after our answer: wrong credentials, unless stale.
      if (!a.header.stale || a.header.nonce === answered.nonce || staleRetries >= MAX_STALE_RETRIES)
        return undefined;
      staleRetries++;
    }
    answered = { nonce: a.header.nonce };
    return { name: a.header.name, value: a.header.value };
  };
}
