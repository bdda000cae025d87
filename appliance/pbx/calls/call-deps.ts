// The small interfaces a call needs from the rest of the appliance, so the owners of the
// registrar, the auth layer, the dial-plan router and the media relay can adapt to them.
import type { SipRequest, Uri } from "../../sip/message/index.ts";

/** One registered contact of an address-of-record (from the registrar's bindings). */
export interface ContactTarget {
  /** The Contact URI the phone registered: the Request-URI of the INVITE to it. */
  uri: Uri;
  /** Where its REGISTER came from (for the media latch: RTP from behind NAT comes from there). */
  source?: { address: string; port: number };
  /** A trusted peer gets P-Asserted-Identity (RFC 3325 §9.1). */
  trusted?: boolean;
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

export type RouteDecision =
  | {
      kind: "extension";
      user: string;
      ringTimeoutMs?: number;
      /** Rung when nobody answers within the ring timeout (another extension; voicemail later). */
      noAnswer?: { user: string };
    }
  | { kind: "conference"; room: string }
  | { kind: "reject"; status: number };

/** Where a dialled number goes (the dial-plan router will implement this). */
export interface CallRouter {
  route(dialled: string, caller: CallerIdentity): RouteDecision;
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
}
