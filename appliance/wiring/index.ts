// Small builders that turn config sections into running subsystems, so main.ts stays a thin
// composition root.

export { AdmittedRoutes } from "./admitted-routes.ts";
export {
  APPLIANCE_VERSION,
  type ApplianceStatus,
  type TrunkStatusView,
  trunkView,
} from "./appliance-status.ts";
export { bindingResolver } from "./binding-resolver.ts";
export { CallPolicyState } from "./call-policy-state.ts";
export { ContactNotifier, type ContactNotifierDeps, type RegisteredContact } from "./contact-notifier.ts";
export { ContactTokens } from "./contact-tokens.ts";
export { InviteAdmission } from "./invite-admission.ts";
export { decideInvite, type InviteDecision, type InvitePolicyDeps, invitePolicy } from "./invite-policy.ts";
export { ensureMusicOnHoldFile } from "./music-on-hold-file.ts";
export { MwiSender, type MwiSenderDeps } from "./mwi-sender.ts";
export { type OutboundRouteDeps, OutboundRoutes, type OutboundTrunk } from "./outbound-route.ts";
export { isPrivateAddress, OutsideLegs } from "./outside-legs.ts";
export { featureSettings, pbxConfig, promptSet, routingTable } from "./pbx-settings.ts";
export { type ProvisioningEndpoints, ProvisioningRunner } from "./provisioning-runner.ts";
export { lanAddress, type PublicAddressRuntime, startPublicAddress } from "./public-address.ts";
export { devicesToResync, type ResyncOutcome, ResyncSender } from "./resync-sender.ts";
export { StatusEndpoint } from "./status-endpoint.ts";
export { TrunkSet, type TrunkSetDeps } from "./trunk-set.ts";
