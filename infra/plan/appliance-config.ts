// Lab → ApplianceConfig: the file pushed to the Pi (schemas/appliance-config.schema.json). Pure:
// the secret values come in as an argument (resolved from Pulumi config/state by the caller),
// and only HA1 digests of the extension passwords go out (RFC 7616 §3.4.2), never the passwords.
import { createHash } from "node:crypto";
import type { ApplianceConfig } from "../../schemas/appliance-config/index.ts";
import type { Lab } from "../../schemas/index.ts";

export type DigestAlgorithmName = "SHA-256" | "MD5";

export interface ApplianceConfigOptions {
  /** Secret values by name, e.g. { ext100Password: "…" }. */
  secrets: Readonly<Record<string, string>>;
  /** Where the appliance keeps its state on the Pi. */
  stateDir?: string;
  /** Where the TLS certificate and key are installed on the Pi (when TLS is enabled). */
  tls?: { certFile: string; keyFile: string };
  /**
   * Challenge order (RFC 8760 §2.4, most preferred first). Overrides the lab's `appliance.security.digestAlgorithms`. Phones that
   * read only the first challenge and know only MD5 (sipsak 0.9, svcrack) need MD5 first; baresip
   * 1.0 (libre 1.1) fails on any non-MD5 challenge and needs ["MD5"].
   */
  digestAlgorithms?: readonly [DigestAlgorithmName, ...DigestAlgorithmName[]];
}

/** A secret the lab references but the caller did not supply. */
export class MissingSecretError extends Error {
  override name = "MissingSecretError";
  constructor(
    readonly secret: string,
    readonly usedAt: string,
  ) {
    super(`secret ${secret} (used at ${usedAt}) has no value`);
  }
}

function algorithms(lab: Lab, o: ApplianceConfigOptions): [DigestAlgorithmName, ...DigestAlgorithmName[]] {
  const [first = "SHA-256", ...rest] = o.digestAlgorithms ?? lab.appliance.security.digestAlgorithms;
  return [first, ...rest];
}

const md5 = (s: string) => createHash("md5").update(s, "utf8").digest("hex");
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

export function planApplianceConfig(lab: Lab, o: ApplianceConfigOptions): ApplianceConfig {
  const realm = lab.site.domain;
  const a = lab.appliance;
  const sec = a.security;
  const allowlist = [...sec.allowlist];
  // The lab schema: "the LAN is always allowed".
  if ("address" in a.lan && !allowlist.includes(a.lan.address)) allowlist.push(a.lan.address);
  const tlsEnabled = a.sip.tls.enabled;
  const tls: ApplianceConfig["sip"]["tls"] = { enabled: tlsEnabled, port: a.sip.tls.port };
  if (tlsEnabled) {
    tls.certFile = o.tls?.certFile ?? "/etc/pibx/tls/cert.pem";
    tls.keyFile = o.tls?.keyFile ?? "/etc/pibx/tls/key.pem";
  }
  return {
    version: 1,
    site: { name: lab.site.name, domain: lab.site.domain },
    sip: {
      listen: "0.0.0.0",
      udp: { enabled: a.sip.udp.enabled, port: a.sip.udp.port },
      tcp: { enabled: a.sip.tcp.enabled, port: a.sip.tcp.port },
      tls,
    },
    rtp: { min: a.rtp.min, max: a.rtp.max },
    extensions: lab.extensions.map((e, i) => {
      const name = e.password.secret;
      const password = o.secrets[name];
      if (password === undefined) throw new MissingSecretError(name, `extensions[${i}].password`);
      // RFC 7616 §3.4.2: HA1 = H(username ":" realm ":" password).
      const a1 = `${e.number}:${realm}:${password}`;
      return { number: e.number, name: e.name, ha1: { md5: md5(a1), sha256: sha256(a1) } };
    }),
    auth: { realm, nonceLifetimeSeconds: 300, algorithms: algorithms(lab, o) },
    registrar: { minExpires: 60, maxExpires: 3600, defaultExpires: 600, maxContactsPerAor: 10 },
    protection: {
      requestsPerSecond: sec.requestsPerSecond,
      burst: sec.burst,
      trustedMultiplier: 5,
      banAfterAuthFailures: sec.banAfterAuthFailures,
      failureWindowSeconds: sec.failureWindowSeconds,
      floodDropsBeforeBan: 200,
      banSeconds: sec.banSeconds,
      allowlist,
      maxTrackedSources: 50_000,
    },
    stateDir: o.stateDir ?? "/var/lib/pibx",
    log: { level: "info" },
  };
}
