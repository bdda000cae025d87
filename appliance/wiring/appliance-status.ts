// What `GET /status` answers and `<stateDir>/status.json` holds: the contract the Pulumi side's
// health checks read (documented in appliance/wiring/README.md). No credentials, ever.
import type { TrunkStatus } from "../pbx/trunk/index.ts";

/** Bumped with the appliance's package version. */
export const APPLIANCE_VERSION = "0.1.0";

export interface TrunkStatusView {
  name: string;
  /** idle | registering | registered | backoff | failed | closed (pbx/trunk registration table). */
  state: string;
  registered: boolean;
  /** Seconds until the provider drops the binding unless refreshed. */
  expiresInSeconds?: number;
  consecutiveFailures: number;
  lastError?: { status?: number; reason: string };
  publicAddress?: { address: string; port?: number; source: string };
}

export interface ApplianceStatus {
  version: string;
  /** sha256 (hex) of the config file in force: the pushed file's digest once it is live. */
  configSha256: string;
  startedAt: string;
  registrar: { bindings: number };
  trunks: TrunkStatusView[];
  provisioning: { http?: { address: string; port: number }; tftp?: { port: number } };
}

export function trunkView(s: TrunkStatus, nowMs: number): TrunkStatusView {
  const v: TrunkStatusView = {
    name: s.trunk,
    state: s.state,
    registered: s.state === "registered",
    consecutiveFailures: s.consecutiveFailures,
  };
  if (s.expiresAt !== undefined) v.expiresInSeconds = Math.max(0, Math.round((s.expiresAt - nowMs) / 1000));
  if (s.lastError) {
    v.lastError = { reason: s.lastError.reason };
    if (s.lastError.status !== undefined) v.lastError.status = s.lastError.status;
  }
  if (s.publicAddress) v.publicAddress = { ...s.publicAddress };
  return v;
}
