// Converging the home router's UPnP mappings: list, plan, refuse conflicts, delete then add, list
// again to verify; and removing exactly pibx's mappings. Listings cover the ports pibx wants, plus
// `also` (the ports of its previous plan, where its stale mappings can be): pibx makes mappings
// nowhere else, and a full listing is slow (or, on some IGDs, fatal: igd-client.ts).
import type { IgdClient, PortRange } from "./igd-client.ts";
import {
  describeUpnpPlan,
  isEmptyPlan,
  isOwned,
  planUpnp,
  portsOf,
  type UpnpPlan,
  type WantedMapping,
} from "./plan-upnp.ts";
import { UpnpConflictError } from "./upnp-errors.ts";

/** Lease of each mapping; 0 = until deleted (IGD v1). An IGD v2 caps leases: pass one there. */
export interface UpnpOptions {
  dryRun?: boolean;
  leaseSeconds?: number;
  /** More ports to list (the previous plan's), where pibx's stale mappings would be. */
  also?: PortRange[];
}

export async function planUpnpOn(
  client: IgdClient,
  want: WantedMapping[],
  internalClient: string,
  also: PortRange[] = [],
): Promise<UpnpPlan> {
  return planUpnp(want, await client.listPortMappings([...portsOf(want), ...also]), internalClient);
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
  const plan = await planUpnpOn(client, want, internalClient, options.also);
  if (options.dryRun || isEmptyPlan(plan)) return { plan, applied: false };
  await applyUpnpPlan(client, plan, options.leaseSeconds);
  const left = await planUpnpOn(client, want, internalClient, options.also);
  if (!isEmptyPlan(left))
    throw new UpnpConflictError(`the IGD still differs after applying:\n${describeUpnpPlan(left)}`);
  return { plan, applied: true };
}

/** Deletes every mapping pibx made for `internalClient` (on the ports of `scope`, else anywhere); returns how many. */
export async function removeUpnp(
  client: IgdClient,
  internalClient: string,
  scope?: PortRange[],
): Promise<number> {
  const owned = (await client.listPortMappings(scope)).filter((m) => isOwned(m, internalClient));
  for (const m of owned) await client.deletePortMapping(m.protocol, m.externalPort);
  return owned.length;
}
