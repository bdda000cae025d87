// A SIP trunk as the appliance runs it: the lab model's `trunks[]` entry (schemas/generated/lab.ts,
// Trunk) with the secret resolved, plus the run-time knobs the lab model leaves at their defaults.
import type { TransportProtocol } from "../../sip/index.ts";

/** The trunk's outbound caller-ID settings (lab model `trunks[].outbound`). */
export interface TrunkCallerId {
  /** The number presented (absent: the account's user name). */
  number?: string;
  name?: string;
  /** Where the caller ID goes: From, or P-Asserted-Identity with the account in From. */
  header: "from" | "pai";
  /** Withhold the caller ID from the called party (RFC 3325 §9.3 `Privacy: id`). */
  privacy?: boolean;
}

/** Where the provider puts the dialled DID in an inbound INVITE. */
export type DidSource = "request-uri" | "to" | "p-called-party-id";

/** Which header gives the caller's number on inbound calls (PAI only trusted from the trunk). */
export type InboundCallerIdSource = "from" | "pai";

export interface TrunkDid {
  /** The number as the provider sends it. */
  number: string;
  /** Opaque to the trunk: the destination the dial plan resolves (e.g. `{ ivr: "main" }`). */
  destination: unknown;
}

export interface TrunkSettings {
  name: string;
  /** Registrar/proxy host (name or address) and port. */
  host: string;
  port: number;
  transport: TransportProtocol;
  /** Account user (the user part of the AOR, `sip:username@domain`). */
  username: string;
  /** Digest user name (default: username). */
  authUsername?: string;
  password: string;
  /** Domain of the AOR (default: host). */
  domain?: string;
  register: boolean;
  dids: TrunkDid[];
  /** Requested registration lifetime in seconds (RFC 3261 §10.2.1.1). */
  expiresSeconds: number;
  /** Refresh this long before expiry, but never later than half the lifetime. */
  refreshMarginSeconds: number;
  /** RFC 5626 §4.5 base-time and max-time of the retry backoff, seconds. */
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
  /** OPTIONS keepalive period in seconds (0: none). Each ping waits 80–100% of it (RFC 5626 §4.4.1). */
  keepaliveSeconds: number;
  /** Where the DID is read from in inbound INVITEs. */
  didSource: DidSource;
  callerIdSource: InboundCallerIdSource;
  /** Accept inbound requests from the registrar's address on any source port (default: port must match). */
  anySourcePort: boolean;
  /** Further provider addresses that may send calls (some providers use separate media/signalling hosts). */
  extraInboundAddresses: string[];
  /** Caller ID on outbound calls (lab model `trunks[].outbound`); absent: the account's user in From. */
  outboundCallerId?: TrunkCallerId;
}

export const TRUNK_DEFAULTS = {
  port: 5060,
  transport: "UDP",
  register: true,
  dids: [],
  expiresSeconds: 600,
  refreshMarginSeconds: 60,
  backoffBaseSeconds: 30,
  backoffMaxSeconds: 1800,
  keepaliveSeconds: 25,
  didSource: "to",
  callerIdSource: "from",
  anySourcePort: false,
  extraInboundAddresses: [],
} as const satisfies Partial<TrunkSettings>;

type Defaulted = keyof typeof TRUNK_DEFAULTS;

/** Fills the defaults in. */
export function trunkSettings(
  s: Omit<TrunkSettings, Defaulted> & Partial<Pick<TrunkSettings, Defaulted>>,
): TrunkSettings {
  return {
    ...TRUNK_DEFAULTS,
    dids: [],
    extraInboundAddresses: [],
    ...s,
  } as TrunkSettings;
}
