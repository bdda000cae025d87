// The home router: its share of the port-forward chain, opened over UPnP IGD from the lab router,
// or printed as a checklist to type in by hand.
export { applyUpnpPlan, convergeUpnp, planUpnpOn, removeUpnp, type UpnpOptions } from "./apply-upnp.ts";
export {
  deriveHomeForwards,
  type HomeForward,
  type HomeForwardPlan,
  needsReportedOutsideAddress,
  type ObservedAddresses,
} from "./home-forwards.ts";
export {
  IgdClient,
  LIST_WINDOW_PORTS,
  listingWindows,
  type MappingProtocol,
  type PortMapping,
  type PortRange,
} from "./igd-client.ts";
export { findWanService, type WanService } from "./igd-description.ts";
export { directTransport, type IgdTransport } from "./igd-transport.ts";
export { manualChecklist } from "./manual-checklist.ts";
export {
  DESCRIPTION_PREFIX,
  describeUpnpPlan,
  isOwned,
  planUpnp,
  portsOf,
  type UpnpPlan,
  type WantedMapping,
  wantedMappings,
} from "./plan-upnp.ts";
export { ssdpSearch } from "./ssdp.ts";
export { sshTransport } from "./ssh-igd-transport.ts";
export {
  HomeForwardError,
  UpnpConflictError,
  UpnpDiscoveryError,
  UpnpHttpError,
  UpnpSoapFault,
} from "./upnp-errors.ts";
