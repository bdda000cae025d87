// Small builders that turn config sections into running subsystems, so main.ts stays a thin
// composition root.
export {
  APPLIANCE_VERSION,
  type ApplianceStatus,
  type TrunkStatusView,
  trunkView,
} from "./appliance-status.ts";
export { CallPolicyState } from "./call-policy-state.ts";
export { type InvitePolicyDeps, invitePolicy } from "./invite-policy.ts";
export { type ProvisioningEndpoints, ProvisioningRunner } from "./provisioning-runner.ts";
export { lanAddress, type PublicAddressRuntime, startPublicAddress } from "./public-address.ts";
export { StatusEndpoint } from "./status-endpoint.ts";
export { TrunkSet, type TrunkSetDeps } from "./trunk-set.ts";
