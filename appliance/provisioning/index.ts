// Phone provisioning: per-vendor files, the HTTP and TFTP servers that hand them out, softphone
// onboarding by one-time token, and check-sync after a change.
export {
  buildCheckSyncNotify,
  type CheckSyncParams,
  type CheckSyncRequest,
  checkSyncEvent,
  diffProvisioning,
  type ProvisioningDiff,
  serializeCheckSync,
} from "./check-sync.ts";
export { type AccessBasis, type AccessDecision, DeviceAccess } from "./device-access.ts";
export type * from "./device-provisioning.ts";
export { toDigitMap, toDigitMapElement, toGrandstreamDialPlan } from "./dial-plan.ts";
export { DurableIdSet } from "./durable-id-set.ts";
export { deviceFileNames, FileCatalog, type Resolution, renderMain } from "./file-catalog.ts";
export { DIGEST_REALM, DigestChallenger, digestAuthorization } from "./http-digest.ts";
export { ProvisioningHttpServer } from "./http-server.ts";
export { LanPrefixes } from "./lan-prefixes.ts";
export { normalizeMacText } from "./mac-address.ts";
export { type OnboardingClaims, verifyOnboardingToken } from "./onboarding-token.ts";
export type { FirstContact, ProvisionedDevice, ProvisioningConfig } from "./provisioning-config.ts";
export { createProvisioning, type Provisioning, type ProvisioningDeps } from "./provisioning-servers.ts";
export {
  type FetchRequest,
  type FetchResult,
  maskPath,
  ProvisioningService,
} from "./provisioning-service.ts";
export { ProvisioningTftpServer, type TftpServerOptions } from "./tftp-server.ts";
export { macFromUserAgent } from "./user-agent-mac.ts";
export * from "./vendors/index.ts";
