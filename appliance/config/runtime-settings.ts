// From a validated ApplianceConfig to the settings objects of the components it configures.
import type { ApplianceConfig } from "../../schemas/appliance-config/index.ts";
import type { ProtectionSettings } from "../pbx/protection/index.ts";
import type { RegistrarSettings } from "../pbx/registrar/index.ts";
import type { DigestAlgorithm, UserSecret } from "../sip/auth/index.ts";

export function realmOf(c: ApplianceConfig): string {
  return c.auth.realm ?? c.site.domain;
}

export function userSecrets(c: ApplianceConfig): UserSecret[] {
  return c.extensions.map((e) => {
    const s: UserSecret = { username: e.number };
    if (e.password !== undefined) s.password = e.password;
    if (e.ha1) {
      s.ha1 = {};
      if (e.ha1.md5) s.ha1.MD5 = e.ha1.md5;
      if (e.ha1.sha256) s.ha1["SHA-256"] = e.ha1.sha256;
    }
    return s;
  });
}

export function digestAlgorithms(c: ApplianceConfig): DigestAlgorithm[] {
  return [...c.auth.algorithms];
}

export function registrarSettings(c: ApplianceConfig): RegistrarSettings {
  return { ...c.registrar };
}

export function protectionSettings(c: ApplianceConfig): ProtectionSettings {
  const p = c.protection;
  return {
    ratePerSecond: p.requestsPerSecond,
    burst: p.burst,
    trustedMultiplier: p.trustedMultiplier,
    maxAuthFailures: p.banAfterAuthFailures,
    failureWindowSeconds: p.failureWindowSeconds,
    floodDropsBeforeBan: p.floodDropsBeforeBan,
    banSeconds: p.banSeconds,
    allowList: [...p.allowlist],
    maxSources: p.maxTrackedSources,
  };
}

/** A summary safe to log: no credentials. */
export function describeConfig(c: ApplianceConfig): Record<string, unknown> {
  return {
    domain: c.site.domain,
    extensions: c.extensions.length,
    udp: c.sip.udp.enabled ? c.sip.udp.port : false,
    tcp: c.sip.tcp.enabled ? c.sip.tcp.port : false,
    tls: c.sip.tls.enabled ? c.sip.tls.port : false,
    trunks: c.trunks.map((t) => `${t.name}@${t.host}:${t.port}`),
    provisionedDevices: c.provisioning?.devices.length ?? 0,
    blacklist: { numbers: c.blacklist.numbers.length, prefixes: c.blacklist.prefixes.length },
  };
}
