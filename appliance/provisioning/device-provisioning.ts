// What one device is provisioned with: the renderer input. The Pulumi side derives it from the
// Lab (infra/plan/provisioning.ts) and pushes it in the appliance config; plain JSON, no methods.

/** Firmware families pibx renders files for; `linphone` is the softphone remote-provisioning XML. */
export type Vendor = "cisco-mpp" | "cisco-sip" | "yealink" | "grandstream" | "polycom" | "snom" | "linphone";

export type SipTransport = "udp" | "tcp" | "tls";

/** One registered extension (a line appearance). */
export interface SipLine {
  /** 1-based line/account index on the phone. */
  readonly index: number;
  readonly extension: string;
  readonly displayName: string;
  /** Label shown next to the key. */
  readonly label: string;
  readonly authUser: string;
  readonly password: string;
}

/** A programmable key that is not a line: busy-lamp field or speed dial. */
export interface FeatureKey {
  /** 1-based key position, counting line keys. */
  readonly position: number;
  readonly kind: "blf" | "speedDial";
  readonly number: string;
  readonly label: string;
}

export interface SipServer {
  /** The SIP domain: the host part of the phone's identity. */
  readonly domain: string;
  /** Where the phone sends its requests (the appliance's address): an outbound proxy. */
  readonly host: string;
  readonly port: number;
  readonly transport: SipTransport;
}

/**
 * The device's own provisioning URL and the HTTP digest credentials it is given, so that later
 * fetches (periodic resync, check-sync) prove who they are.
 */
export interface ResyncRule {
  /** URL of the device's main file, carrying its token (`…/d/<token>/…`). */
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly periodicSeconds: number;
}

/** A time-zone rule derived from the IANA name (see time-zone-rule.ts). */
export interface DstTransition {
  readonly month: number; // 1-12
  /** 1-4, or -1 for the last such weekday of the month. */
  readonly week: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Local wall-clock hour of the change (in the time in force before it). */
  readonly hour: number;
}

export interface TimeZoneRule {
  readonly iana: string;
  /** Standard-time offset from UTC in minutes (east positive): New York is -300. */
  readonly standardOffsetMinutes: number;
  readonly standardAbbreviation: string;
  /** Undefined when the zone has no daylight-saving time. */
  readonly dst?: {
    readonly savingMinutes: number;
    readonly abbreviation: string;
    readonly start: DstTransition;
    readonly end: DstTransition;
  };
}

export interface DeviceProvisioning {
  readonly id: string;
  readonly vendor: Vendor;
  /** e.g. `7821`, `T46U`, `GXP2170`, `VVX 411`, `D735`; `linphone` for softphones. */
  readonly model: string;
  /** 12 lowercase hex digits; undefined for softphones. */
  readonly mac?: string;
  /** Shown on the phone's screen. */
  readonly stationName: string;
  readonly lines: readonly SipLine[];
  readonly keys: readonly FeatureKey[];
  readonly server: SipServer;
  /** Dial plan in the lab's pattern syntax (X, Z, N, [1-5], trailing `.`, leading `+`). */
  readonly dialPlan: readonly string[];
  readonly ntpServers: readonly string[];
  readonly timeZone: TimeZoneRule;
  /** DSCP values (0-63) the phone marks its packets with. */
  readonly dscp: { readonly rtp: number; readonly sip: number };
  /** DTMF is always sent as RTP events (RFC 4733, formerly RFC 2833), payload type below. */
  readonly dtmfPayloadType: number;
  readonly voicemailNumber: string;
  readonly resync: ResyncRule;
}

/** A rendered file. */
export interface RenderedFile {
  readonly body: string;
  readonly contentType: string;
}
