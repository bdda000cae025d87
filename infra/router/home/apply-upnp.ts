// Converging the home router's UPnP mappings: list, plan, refuse conflicts, delete then add, list
// again to verify; and removing exactly pibx's mappings.
import type { IgdClient } from "./igd-client.ts";
import {
  describeUpnpPlan,
  isEmptyPlan,
  isOwned,
  planUpnp,
  type UpnpPlan,
  type WantedMapping,
} from "./plan-upnp.ts";
import { UpnpConflictError } from "./upnp-errors.ts";

/** Lease of each mapping; 0 = until deleted (IGD v1). An IGD v2 caps leases: pass one there. */
export interface UpnpOptions {
  dryRun?: boolean;
  leaseSeconds?: number;
}

export async function planUpnpOn(
  client: IgdClient,
  want: WantedMapping[],
  internalClient: string,
): Promise<UpnpPlan> {
  return planUpnp(want, await client.listPortMappings(), internalClient);
}

export async function applyUpnpPlan(client: IgdClient, plan: UpnpPlan, leaseSeconds = 0): Promise<void> {
  if (plan.conflicts.length)
    throw new UpnpConflictError(describeUpnpPlan({ add: [], remove: [], conflicts: plan.conflicts }));
  for (const m of plan.remove) await client.deletePortMapping(m.protocol, m.externalPort);
  for (const m of plan.add) await client.addPortMapping({ ...m, leaseSeconds });
}

export async function convergeUpnp(
  client: IgdClient,
  want: WantedMapping[],
  internalClient: string,
  options: UpnpOptions = {},
): Promise<{ plan: UpnpPlan; applied: boolean }> {
  const plan = await planUpnpOn(client, want, internalClient);
  if (options.dryRun || isEmptyPlan(plan)) return { plan, applied: false };
  await applyUpnpPlan(client, plan, options.leaseSeconds);
  const left = await planUpnpOn(client, want, internalClient);
  if (!isEmptyPlan(left))
    throw new UpnpConflictError(`the IGD still differs after applying:\n${describeUpnpPlan(left)}`);
  return { plan, applied: true };
}

/** Deletes every mapping pibx made for `internalClient`; returns how many. */
export async function removeUpnp(client: IgdClient, internalClient: string): Promise<number> {
  const owned = (await client.listPortMappings()).filter((m) => isOwned(m, internalClient));
  for (const m of owned) await client.deletePortMapping(m.protocol, m.externalPort);
  return owned.length;
}
