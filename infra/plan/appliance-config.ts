// Lab → ApplianceConfig: the file pushed to the Pi (schemas/appliance-config.schema.json). Pure:
// the secret values come in as an argument (resolved from Pulumi config/state by the caller),
// and only HA1 digests of the extension passwords go out (RFC 7616 §3.4.2), never the passwords.
// The exceptions are what the appliance must present to others: the trunk's password (to answer
// the provider's challenge) and the phones' credentials inside their provisioning files.
import { createHash } from "node:crypto";
import {
  type ApplianceConfig,
  mutableCopy,
  type Provisioning,
  type PublicAddress,
} from "../../schemas/appliance-config/index.ts";
import type { Lab } from "../../schemas/index.ts";
import { formatIpv4, parseCidr } from "../../schemas/net/ipv4.ts";
import { planDialPlan } from "./appliance-dial-plan.ts";
import { extensionCallRules, planFeatures } from "./appliance-features.ts";
import { MissingSecretError, secretValue } from "./appliance-missing-secret.ts";
import { planTrunks } from "./appliance-trunks.ts";
import {
  MissingSecretError as ProvisioningSecretMissing,
  type ProvisioningSecrets,
  planProvisioning,
} from "./provisioning.ts";

export { MissingSecretError } from "./appliance-missing-secret.ts";

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
  /**
   * The provisioning's own secrets (device tokens and passwords, onboarding key) and the year
   * whose DST dates go to the phones. Absent: the config has no `provisioning` section.
   */
  provisioning?: { secrets: ProvisioningSecrets; year: number };
  /** Overrides the lab's provisioning HTTP port (tests run unprivileged on a high port). */
  provisioningHttpPort?: number;
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
  const sip: ApplianceConfig["sip"] = {
    listen: "0.0.0.0",
    udp: { enabled: a.sip.udp.enabled, port: a.sip.udp.port },
    tcp: { enabled: a.sip.tcp.enabled, port: a.sip.tcp.port },
    tls,
  };
  // Via/Contact toward the LAN and the trunk's inside address: the Pi's fixed LAN address.
  const lanAddress = "address" in a.lan ? parseCidr(a.lan.address) : undefined;
  if (lanAddress) sip.advertise = formatIpv4(lanAddress.address);
  const config: ApplianceConfig = {
    version: 1,
    site: {
      name: lab.site.name,
      domain: lab.site.domain,
      locale: lab.site.locale,
      timezone: lab.site.timezone,
    },
    sip,
    rtp: { min: a.rtp.min, max: a.rtp.max },
    extensions: lab.extensions.map((e, i) => {
      const password = secretValue(o.secrets, e.password.secret, `extensions[${i}].password`);
      // RFC 7616 §3.4.2: HA1 = H(username ":" realm ":" password).
      const a1 = `${e.number}:${realm}:${password}`;
      return {
        number: e.number,
        name: e.name,
        ha1: { md5: md5(a1), sha256: sha256(a1) },
        ...extensionCallRules(e),
      };
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
    trunks: planTrunks(lab, o.secrets),
    dialPlan: planDialPlan(lab),
    ...planFeatures(lab, o.secrets),
    blacklist: {
      numbers: [...lab.blacklist.numbers],
      prefixes: [...lab.blacklist.prefixes],
      anonymous: lab.blacklist.anonymous,
      response: lab.blacklist.response,
    },
    publicAddress: publicAddress(lab),
    admin: { listen: "127.0.0.1", port: a.admin.port, statusFile: true },
    stateDir: o.stateDir ?? "/var/lib/pibx",
    log: { level: "info" },
  };
  if (o.provisioning) config.provisioning = provisioning(lab, o);
  return config;
}

function publicAddress(lab: Lab): PublicAddress {
  const p = lab.appliance.publicAddress;
  // A static address is reached on the SIP port forwarded one to one (see port-forwards.ts).
  if ("address" in p) return { mode: "static", address: p.address, port: lab.appliance.sip.udp.port };
  if (p.discover === "provider") return { mode: "provider" };
  return { mode: "stun", stunServer: p.stunServer ?? "stun.l.google.com:19302" };
}

function provisioning(lab: Lab, o: ApplianceConfigOptions): Provisioning {
  const inputs = o.provisioning!;
  let planned: ReturnType<typeof planProvisioning>;
  try {
    planned = planProvisioning(lab, {
      secrets: o.secrets,
      deviceAccess: inputs.secrets.deviceAccess,
      onboardingKey: inputs.secrets.onboardingKey,
      year: inputs.year,
    });
  } catch (err) {
    // One typed error for every missing secret of this plan.
    if (err instanceof ProvisioningSecretMissing) throw new MissingSecretError(err.secret, err.usedBy);
    throw err;
  }
  const p = lab.appliance.provisioning;
  // The planned shape is checked against the schema's type here, at compile time.
  const shared = mutableCopy<Omit<Provisioning, "httpListen" | "httpPort" | "tftp">>(planned.config);
  return {
    httpListen: "0.0.0.0",
    httpPort: o.provisioningHttpPort ?? p.httpPort,
    tftp: { enabled: p.tftp, port: 69 },
    ...shared,
  };
}
