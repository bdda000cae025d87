/* Generated from schemas/appliance-config.schema.json by `npm run gen:appliance-types`. Do not edit.
 * These types describe a validated config: properties with a default in the schema are always present. */

/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Port".
 */
export type Port = number;
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Ipv4".
 */
export type Ipv4 = string;
/**
 * What a caller hears: text spoken by espeak-ng in the site's locale (rendered when the config is applied, cached by text hash) or an 8 kHz mono WAV file on the appliance.
 *
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Prompt".
 */
export type Prompt =
  | {
      say: string;
    }
  | {
      file: string;
    };
/**
 * `{ builtin: default | silence }` or `{ file: <8 kHz WAV on the appliance> }`.
 *
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "MusicOnHold".
 */
export type MusicOnHold =
  | {
      builtin: "default" | "silence";
    }
  | {
      file: string;
    };

/**
 * What the pibx appliance runs from: derived from lab.yaml by `infra/plan` (with secrets filled in) and pushed to the Pi. Never edited by hand; it contains credentials, so it is written mode 0600 and never logged.
 */
export interface ApplianceConfig {
  /**
   * Format version of this file.
   */
  version: 1;
  site: Site;
  sip: Sip;
  rtp: RtpRange;
  /**
   * The extensions that may register, with their SIP credentials: each has exactly one of `password` or `ha1`.
   *
   * @maxItems 10000
   */
  extensions: Extension[];
  auth: Auth;
  registrar: Registrar;
  protection: Protection;
  /**
   * Directory for durable state: bindings, the nonce key. Overridden by the PIBX_STATE_DIR environment variable.
   */
  stateDir: string;
  /**
   * SIP trunks the appliance registers to and takes calls from. The plain password is here because answering a digest challenge (RFC 7616 §3.4) needs it or an HA1 for the provider's realm, which is only known at the first challenge.
   */
  trunks: Trunk[];
  dialPlan: DialPlan;
  /**
   * Voice menus: a greeting, then digits to destinations.
   */
  ivrMenus: IvrMenu[];
  ringGroups: RingGroup[];
  /**
   * Meet-me rooms.
   */
  conferences: Conference[];
  voicemail: Voicemail;
  musicOnHold: MusicOnHold;
  blacklist: Blacklist;
  publicAddress?: PublicAddress;
  provisioning?: Provisioning;
  admin: Admin;
  log: Log;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Site".
 */
export interface Site {
  /**
   * Human name of the site.
   */
  name: string;
  /**
   * The SIP domain: the host part of every address-of-record (`sip:100@domain`).
   */
  domain: string;
  /**
   * Language of the built-in and spoken prompts.
   */
  locale: string;
  /**
   * IANA time zone of business hours.
   */
  timezone: string;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Sip".
 */
export interface Sip {
  /**
   * Address the SIP listeners bind to.
   */
  listen: string;
  /**
   * Address to put in Via/Contact headers the appliance sends (default: the bound address).
   */
  advertise?: string;
  udp: PlainTransport;
  tcp: PlainTransport;
  tls: TlsTransport;
  /**
   * Server header on responses; absent by default so scanners learn nothing.
   */
  userAgent?: string;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "PlainTransport".
 */
export interface PlainTransport {
  enabled: boolean;
  port: Port;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "TlsTransport".
 */
export interface TlsTransport {
  enabled: boolean;
  port: Port;
  /**
   * PEM certificate chain.
   */
  certFile?: string;
  /**
   * PEM private key.
   */
  keyFile?: string;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "RtpRange".
 */
export interface RtpRange {
  min: number;
  max: number;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Extension".
 */
export interface Extension {
  /**
   * The extension number; also the SIP user name of its devices.
   */
  number: string;
  /**
   * Display name.
   */
  name?: string;
  /**
   * SIP password. Prefer `ha1`, so no plain password reaches the Pi.
   */
  password?: string;
  ha1?: Ha1;
  /**
   * Seconds the extension's devices ring before `onNoAnswer`.
   */
  ringTimeoutSeconds: number;
  onNoAnswer?: Destination;
}
/**
 * H(user:realm:password) per digest algorithm (RFC 7616 §3.4.2), lower-case hex, for the realm of `auth.realm`.
 *
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Ha1".
 */
export interface Ha1 {
  md5?: string;
  sha256?: string;
}
/**
 * Where a call goes: exactly one key.
 *
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Destination".
 */
export interface Destination {
  extension?: string;
  ringGroup?: string;
  voicemail?: string;
  conference?: string;
  ivr?: string;
  hangup?: true;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Auth".
 */
export interface Auth {
  /**
   * Digest realm (default: the site domain).
   */
  realm?: string;
  nonceLifetimeSeconds: number;
  /**
   * Digest algorithms offered, most preferred first (RFC 8760).
   *
   * @minItems 1
   */
  algorithms: ["SHA-256" | "MD5", ...("SHA-256" | "MD5")[]];
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Registrar".
 */
export interface Registrar {
  minExpires: number;
  maxExpires: number;
  defaultExpires: number;
  maxContactsPerAor: number;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Protection".
 */
export interface Protection {
  requestsPerSecond: number;
  burst: number;
  /**
   * Rate and burst multiplier for a source with a live, authenticated binding.
   */
  trustedMultiplier: number;
  banAfterAuthFailures: number;
  failureWindowSeconds: number;
  floodDropsBeforeBan: number;
  banSeconds: number;
  /**
   * IPv4 addresses or CIDRs never limited or banned.
   */
  allowlist: string[];
  maxTrackedSources: number;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Trunk".
 */
export interface Trunk {
  name: string;
  /**
   * Registrar/proxy host name or IPv4 address.
   */
  host: string;
  port: Port;
  transport: "UDP" | "TCP" | "TLS";
  /**
   * User part of the trunk's AOR.
   */
  username: string;
  /**
   * Digest user name (default: username).
   */
  authUsername?: string;
  /**
   * The trunk account's password. A secret: never logged.
   */
  password: string;
  /**
   * Domain of the AOR (default: host).
   */
  domain?: string;
  register: boolean;
  expiresSeconds: number;
  /**
   * OPTIONS keepalive period (0: none).
   */
  keepaliveSeconds: number;
  didSource: "request-uri" | "to" | "p-called-party-id";
  /**
   * Where inbound calls' caller number is read.
   */
  callerIdSource: "from" | "pai";
  anySourcePort: boolean;
  extraInboundAddresses: Ipv4[];
  dids: Did[];
  outbound: TrunkOutbound;
  limits: TrunkLimits;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Did".
 */
export interface Did {
  number: string;
  destination: Destination;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "TrunkOutbound".
 */
export interface TrunkOutbound {
  /**
   * Dial patterns sent out through this trunk (X, Z, N, [1-5], trailing `.`, leading `+`).
   */
  patterns: string[];
  callerId?: CallerId;
  /**
   * Where the caller ID goes on outbound calls.
   */
  callerIdHeader: "from" | "pai";
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "CallerId".
 */
export interface CallerId {
  number: string;
  name?: string;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "TrunkLimits".
 */
export interface TrunkLimits {
  maxCalls: number;
  /**
   * Outbound calls per sliding hour (absent: unlimited).
   */
  callsPerHour?: number;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "DialPlan".
 */
export interface DialPlan {
  dialing: Dialing;
  extensions: DialPlanExtension[];
  emergency?: EmergencyRouting;
  premiumPrefixes: string[];
  allowPremium: boolean;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Dialing".
 */
export interface Dialing {
  countryCode: string;
  nationalPrefix: string;
  internationalPrefix: string;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "DialPlanExtension".
 */
export interface DialPlanExtension {
  number: string;
  permissions: "internal" | "national" | "international";
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "EmergencyRouting".
 */
export interface EmergencyRouting {
  /**
   * @minItems 1
   */
  numbers: [string, ...string[]];
  trunk?: string;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "IvrMenu".
 */
export interface IvrMenu {
  name: string;
  number?: string;
  greeting: Prompt;
  options: {
    [k: string]: IvrOption | undefined;
  };
  firstDigitTimeoutSeconds: number;
  interDigitTimeoutSeconds: number;
  retries: number;
  onInvalid?: Destination;
  onTimeout?: Destination;
  dialByExtension: boolean;
  hours?: BusinessHours;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "IvrOption".
 */
export interface IvrOption {
  destination: Destination;
  /**
   * Works but is not announced.
   */
  hidden: boolean;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "BusinessHours".
 */
export interface BusinessHours {
  /**
   * @minItems 1
   */
  weekly: [OpeningHours, ...OpeningHours[]];
  holidays: string[];
  afterHours: Destination;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "OpeningHours".
 */
export interface OpeningHours {
  /**
   * @minItems 1
   */
  days: [
    "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun",
    ...("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[],
  ];
  from: string;
  to: string;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "RingGroup".
 */
export interface RingGroup {
  name: string;
  number: string;
  /**
   * @minItems 1
   */
  members: [string, ...string[]];
  strategy: "simultaneous" | "sequential";
  /**
   * Seconds of ringing (per member when sequential) before `onNoAnswer`.
   */
  ringTimeoutSeconds: number;
  onNoAnswer?: Destination;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Conference".
 */
export interface Conference {
  number: string;
  name?: string;
  /**
   * Asked over DTMF before joining. A secret: never logged.
   */
  pin?: string;
  maxParticipants: number;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Voicemail".
 */
export interface Voicemail {
  accessNumber: string;
  maxMessageSeconds: number;
  maxMessages: number;
  pinLockoutAfter: number;
  pinLockoutSeconds: number;
  boxes: VoicemailBox[];
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "VoicemailBox".
 */
export interface VoicemailBox {
  /**
   * The box number: the extension it belongs to.
   */
  number: string;
  /**
   * PIN to listen to the box's messages. A secret: never logged.
   */
  pin: string;
  greeting?: Prompt;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Blacklist".
 */
export interface Blacklist {
  numbers: string[];
  prefixes: string[];
  anonymous: boolean;
  /**
   * 603 Decline (RFC 3261 §21.6.2) or 608 Rejected (RFC 8688).
   */
  response: 603 | 608;
}
/**
 * The public address the provider reaches us at: `static` (`address`), or discovered by `stun` (`stunServer`) or from the `provider`'s Via received/rport (RFC 3581 §4).
 *
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "PublicAddress".
 */
export interface PublicAddress {
  mode: "static" | "stun" | "provider";
  address?: Ipv4;
  port?: Port;
  /**
   * host:port of the STUN server (discover: stun).
   */
  stunServer?: string;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Provisioning".
 */
export interface Provisioning {
  httpListen: string;
  httpPort: Port;
  tftp: Tftp;
  pathPrefix: string;
  ciscoMppProfileUrl: string;
  lanPrefixes: string[];
  /**
   * Base64 HMAC key verifying onboarding tokens. A secret.
   */
  onboardingKey: string;
  /**
   * @maxItems 10000
   */
  devices: ProvisionedDevice[];
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Tftp".
 */
export interface Tftp {
  enabled: boolean;
  port: Port;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "ProvisionedDevice".
 */
export interface ProvisionedDevice {
  device: DeviceProvisioning;
  /**
   * URL token of a desk phone; empty for softphones (one-time onboarding tokens instead).
   */
  token: string;
  firstContact: "until-enrolled" | "always" | "never";
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "DeviceProvisioning".
 */
export interface DeviceProvisioning {
  id: string;
  vendor: "cisco-mpp" | "cisco-sip" | "yealink" | "grandstream" | "polycom" | "snom" | "linphone";
  model: string;
  mac?: string;
  stationName: string;
  lines: SipLine[];
  keys: FeatureKey[];
  server: SipServer;
  dialPlan: string[];
  ntpServers: string[];
  timeZone: TimeZoneRule;
  dscp: {
    rtp: number;
    sip: number;
  };
  dtmfPayloadType: number;
  voicemailNumber: string;
  resync: ResyncRule;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "SipLine".
 */
export interface SipLine {
  index: number;
  extension: string;
  displayName: string;
  label: string;
  authUser: string;
  password: string;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "FeatureKey".
 */
export interface FeatureKey {
  position: number;
  kind: "blf" | "speedDial";
  number: string;
  label: string;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "SipServer".
 */
export interface SipServer {
  domain: string;
  host: string;
  port: Port;
  transport: "udp" | "tcp" | "tls";
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "TimeZoneRule".
 */
export interface TimeZoneRule {
  iana: string;
  standardOffsetMinutes: number;
  standardAbbreviation: string;
  dst?: {
    savingMinutes: number;
    abbreviation: string;
    start: DstTransition;
    end: DstTransition;
  };
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "DstTransition".
 */
export interface DstTransition {
  month: number;
  week: number;
  weekday: number;
  hour: number;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "ResyncRule".
 */
export interface ResyncRule {
  url: string;
  user: string;
  password: string;
  periodicSeconds: number;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Admin".
 */
export interface Admin {
  /**
   * Address of the local admin HTTP endpoint (GET /status).
   */
  listen: string;
  port: Port;
  /**
   * Also write <stateDir>/status.json on every trunk state change.
   */
  statusFile: boolean;
}
/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Log".
 */
export interface Log {
  level: "trace" | "debug" | "info" | "warn" | "error";
}
