/* Generated from schemas/appliance-config.schema.json by `npm run gen:appliance-types`. Do not edit.
 * These types describe a validated config: properties with a default in the schema are always present. */

/**
 * This interface was referenced by `ApplianceConfig`'s JSON-Schema
 * via the `definition` "Port".
 */
export type Port = number;

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
 * via the `definition` "Log".
 */
export interface Log {
  level: "trace" | "debug" | "info" | "warn" | "error";
}
