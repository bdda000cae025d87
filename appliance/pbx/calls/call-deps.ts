// The small interfaces a call needs from the rest of the appliance, so the owners of the
// registrar, the auth layer, the dial-plan router and the media relay can adapt to them.
import type { InviteAuthenticator } from "../../sip/dialog/index.ts";
import type { NameAddr, SipRequest, Uri } from "../../sip/message/index.ts";

/** One registered contact of an address-of-record (from the registrar's bindings). */
export interface ContactTarget {
  /** The Contact URI the phone registered: the Request-URI of the INVITE to it. */
  uri: Uri;
  /** Where its REGISTER came from (for the media latch: RTP from behind NAT comes from there). */
  source?: { address: string; port: number };
  /** A trusted peer gets P-Asserted-Identity (RFC 3325 §9.1). */
  trusted?: boolean;
  /** A B-leg through a SIP trunk: sent as the provider wants it, not as to a phone. */
  trunk?: TrunkLeg;
}

/** What a B-leg through a trunk carries (pbx/trunk's planTrunkLeg builds it). */
export interface TrunkLeg {
  /** From and To as the provider wants them (caller-ID settings, RFC 3325). */
  from: NameAddr;
  to: NameAddr;
  headers: ReadonlyArray<readonly [string, string]>;
  /** Our Contact toward the provider: the public address (RFC 3261 §8.1.1.8). */
  contact: Uri;
  /** The c= address toward the provider: the public one. */
  mediaAddress: string;
  /** Answers the provider's 401/407 to the INVITE (RFC 3261 §22.2). */
  authenticate?: InviteAuthenticator;
}

/** AOR (here: the extension's user part) → its live contacts. */
export interface ContactLookup {
  contacts(user: string): ContactTarget[] | Promise<ContactTarget[]>;
}

export type AuthVerdict =
  | { ok: true; user: string }
  | { ok: false; status: number; headers?: ReadonlyArray<readonly [string, string]> };

/** Authenticates an incoming INVITE (digest, trusted source...). */
export interface CallAuthorizer {
  /** sourceAddress: the IP the INVITE came from (for per-source failure counting and bans). */
  authorize(invite: SipRequest, sourceAddress: string | undefined): AuthVerdict | Promise<AuthVerdict>;
}

export interface CallerIdentity {
  /** The calling extension's number (user part). */
  number: string;
  displayName?: string;
}

/**
 * Where a call goes, as the config names it (an IVR option, a DID, a no-answer rule), plus the
 * caller's own mailbox reached by the voicemail access number.
 */
export type Destination =
  | { extension: string }
  | { ringGroup: string }
  | { voicemail: string }
  | { conference: string }
  | { ivr: string }
  | { hangup: true }
  | { mailboxAccess: string };

export type RouteDecision =
  | {
      kind: "extension";
      user: string;
      ringTimeoutMs?: number;
      /** Where the caller goes when nobody answers, the callee is busy or not registered. */
      noAnswer?: Destination;
    }
  | {
      kind: "ring-group";
      /** The group's number (the To the members see). */
      number: string;
      members: readonly string[];
      /** One member after the other, ringTimeoutMs each; else all at once. */
      sequential: boolean;
      ringTimeoutMs: number;
      noAnswer?: Destination;
    }
  | { kind: "conference"; room: string }
  | { kind: "ivr"; menu: string }
  /** Leave a message in the box. */
  | { kind: "voicemail"; box: string }
  /** Listen to the box's messages (PIN first). */
  | { kind: "voicemail-access"; box: string }
  | { kind: "hangup" }
  | { kind: "reject"; status: number }
  /** Out through a trunk; the dial plan took a channel on it (routeCall's lease). */
  | {
      kind: "outbound";
      trunk: string;
      /** The number as sent to the trunk. */
      number: string;
      emergency: boolean;
      /** The provider's URI and the trunk leg's headers, credentials and addresses. */
      target: ContactTarget & { trunk: TrunkLeg };
      /** Released exactly once, when the call ends or is refused. */
      lease: { release(): void };
      ringTimeoutMs?: number;
    };

/** Where a dialled number goes (the dial plan), and where a configured destination leads. */
export interface CallRouter {
  route(dialled: string, caller: CallerIdentity): RouteDecision;
  /** Absent: only `route` is known (destinations from config are then refused with 404). */
  resolve?(destination: Destination, caller: CallerIdentity): RouteDecision;
}

/** Caller ID of an extension (display name from config). */
export interface DirectoryLookup {
  identity(user: string): CallerIdentity | undefined;
}

export type MediaLeg = "a" | "b";
export type MediaMode = "relay" | "local" | "mute";

export interface MediaRemote {
  address: string;
  port: number;
  rtcpMux?: boolean;
  codec: { payloadType: number; encoding: "PCMU" | "PCMA" };
  telephoneEvent?: number;
  natLatching?: boolean;
  signallingAddress?: string;
}

export interface MediaFrame {
  ssrc: number;
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  payload: Uint8Array;
}

/** The fields of a received RTP packet the PBX features read (media's RtpPacket has them). */
export interface ReceivedRtp {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  payload: Uint8Array;
}

/** What a call uses of appliance/media's MediaSession (it satisfies this structurally). */
export interface CallMediaSession {
  /** Accepted inbound RTP (conference mixing, DTMF); returns the unsubscribe. */
  on(event: "rtp", listener: (e: { leg: MediaLeg; packet: ReceivedRtp }) => void): () => void;
  localPort(leg: MediaLeg): number;
  setRemote(leg: MediaLeg, remote: MediaRemote): void;
  setMode(leg: MediaLeg, mode: MediaMode): void;
  sendLocal(leg: MediaLeg, frame: MediaFrame): boolean;
  close(): Promise<void>;
}

/** Creates one two-legged relay session per call (RtpRelay.createSession fits). */
export interface CallMediaFactory {
  /** The appliance's media address: what goes into c= lines. */
  readonly address: string;
  createSession(): Promise<CallMediaSession>;
  /** The c= address for a caller's leg when not `address` (a call from a trunk: the public one). */
  callerAddress?(invite: SipRequest): string | undefined;
}
