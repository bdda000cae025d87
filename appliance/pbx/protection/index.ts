export type { GateResult } from "./auth-gate.ts";
export { AuthGate } from "./auth-gate.ts";
export type { BanReason, ProtectionSettings, SourceGuardOptions } from "./source-guard.ts";
export { DEFAULT_PROTECTION, SourceGuard } from "./source-guard.ts";
export { TokenBucket } from "./token-bucket.ts";
