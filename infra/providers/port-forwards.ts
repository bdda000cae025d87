// The logic of the PortForwards dynamic provider: the home router's share of the forward chain.
// `manual`: nothing to apply, the checklist is an output. `upnp`: the mappings, requested from the
// lab router over SSH (the IGD only maps ports for the LAN host asking); `delete` removes exactly
// pibx's mappings. No module-level state; `check` puts the live UPnP plan in `livePlan` so a
// preview shows missing or changed mappings.
import type * as pulumi from "@pulumi/pulumi";
import { convergeUpnp, planUpnpOn, removeUpnp } from "../router/home/apply-upnp.ts";
import type { HomeForwardPlan } from "../router/home/home-forwards.ts";
import { IgdClient } from "../router/home/igd-client.ts";
import { manualChecklist } from "../router/home/manual-checklist.ts";
import { describeUpnpPlan, portsOf, wantedMappings } from "../router/home/plan-upnp.ts";
import { sshTransport } from "../router/home/ssh-igd-transport.ts";
import { type LinuxSshTarget, SshRunner } from "../router/linux/ssh-runner.ts";

export interface PortForwardsInputs {
  plan: HomeForwardPlan;
  /** `upnp`: SSH to the LAN host that receives the forwards (the lab router). */
  via?: LinuxSshTarget;
  /** Skips SSDP discovery (e.g. `http://192.168.1.1:5000/rootDesc.xml`). */
  descriptionUrl?: string;
  /** Mapping lease; 0 = permanent (an IGD v2 caps it at 7 days: the next `pulumi up` renews). */
  leaseSeconds?: number;
  livePlan?: string;
}

export interface PortForwardsOutputs extends PortForwardsInputs {
  /** The forwards to type in by hand (`manual`), or for reference (`upnp`). */
  checklist: string;
  /** UPnP mappings pibx holds. */
  mappings: number;
}

async function withIgd<T>(inputs: PortForwardsInputs, fn: (c: IgdClient) => Promise<T>): Promise<T> {
  if (!inputs.via) throw new Error("upnp port forwards need `via`: SSH to the lab router");
  const runner = await SshRunner.open(inputs.via);
  try {
    const client = await IgdClient.open(sshTransport(runner.client), {
      routerAddress: inputs.plan.routerAddress,
      ...(inputs.descriptionUrl ? { descriptionUrl: inputs.descriptionUrl } : {}),
    });
    return await fn(client);
  } finally {
    runner.close();
  }
}

export async function forwardsLivePlan(inputs: PortForwardsInputs): Promise<string> {
  if (inputs.plan.kind === "manual") return "";
  return withIgd(inputs, async (c) =>
    describeUpnpPlan(await planUpnpOn(c, wantedMappings(inputs.plan), inputs.plan.internalClient)),
  );
}

const known = (v: LinuxSshTarget | undefined) =>
  typeof v?.privateKey === "string" && typeof v.host === "string";

/**
 * A plan waiting for a value Pulumi has not computed yet (a preview before the lab router reported
 * its DHCP lease): the whole plan then arrives as the engine's unknown marker.
 */
const planKnown = (plan: unknown): plan is HomeForwardPlan =>
  typeof plan === "object" && plan !== null && typeof (plan as HomeForwardPlan).internalClient === "string";

export async function forwardsCheck(
  news: PortForwardsInputs,
): Promise<pulumi.dynamic.CheckResult<PortForwardsInputs>> {
  if (!planKnown(news.plan)) return { inputs: news };
  if (news.plan.kind === "upnp" && news.via !== undefined && !known(news.via)) return { inputs: news };
  if (news.plan.kind === "upnp" && !news.via)
    return {
      failures: [
        { property: "via", reason: "upnp forwards are requested from the lab router: give its SSH access" },
      ],
    };
  return { inputs: { ...news, livePlan: await forwardsLivePlan(news) } };
}

export async function forwardsDiff(
  olds: PortForwardsOutputs,
  news: PortForwardsInputs,
): Promise<pulumi.dynamic.DiffResult> {
  if (!planKnown(news.plan)) return { changes: true };
  const live = news.livePlan ?? (known(news.via) ? await forwardsLivePlan(news) : "unknown");
  const changed = JSON.stringify(declared(olds)) !== JSON.stringify(declared(news));
  return { changes: live !== "" || changed, replaces: olds.plan.kind !== news.plan.kind ? ["plan"] : [] };
}

/** A value with its object keys sorted, so that two equal values stringify alike. */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortedKeys((v as Record<string, unknown>)[k])]),
  );
}

/**
 * What the program declares, comparable between the stored outputs and the checked inputs: the
 * engine hands them over with their keys in different orders, and the outputs carry more.
 */
const declared = (i: PortForwardsInputs) =>
  sortedKeys({ plan: i.plan, via: i.via, descriptionUrl: i.descriptionUrl, leaseSeconds: i.leaseSeconds });

/** The ports of a previous plan: where pibx's mappings may still be. */
const previousPorts = (olds?: PortForwardsOutputs) =>
  olds?.plan.kind === "upnp" ? portsOf(wantedMappings(olds.plan)) : [];

async function converge(
  inputs: PortForwardsInputs,
  olds?: PortForwardsOutputs,
): Promise<PortForwardsOutputs> {
  const checklist = manualChecklist(inputs.plan);
  if (inputs.plan.kind === "manual") return { ...inputs, livePlan: "", checklist, mappings: 0 };
  const want = wantedMappings(inputs.plan);
  await withIgd(inputs, (c) =>
    convergeUpnp(c, want, inputs.plan.internalClient, {
      leaseSeconds: inputs.leaseSeconds ?? 0,
      also: previousPorts(olds),
    }),
  );
  return { ...inputs, livePlan: "", checklist, mappings: want.length };
}

export async function forwardsCreate(
  inputs: PortForwardsInputs,
): Promise<pulumi.dynamic.CreateResult<PortForwardsOutputs>> {
  return { id: `${inputs.plan.kind}:${inputs.plan.routerAddress}`, outs: await converge(inputs) };
}

export async function forwardsUpdate(
  olds: PortForwardsOutputs,
  news: PortForwardsInputs,
): Promise<pulumi.dynamic.UpdateResult<PortForwardsOutputs>> {
  // A new internal client: pibx's mappings toward the old one go first.
  if (olds.plan.kind === "upnp" && olds.plan.internalClient !== news.plan.internalClient)
    await withIgd(olds, (c) => removeUpnp(c, olds.plan.internalClient, previousPorts(olds)));
  return { outs: await converge(news, olds) };
}

export async function forwardsDelete(olds: PortForwardsOutputs): Promise<void> {
  if (olds.plan.kind === "upnp")
    await withIgd(olds, (c) => removeUpnp(c, olds.plan.internalClient, previousPorts(olds)));
}

export async function forwardsRead(
  id: string,
  props: PortForwardsOutputs,
): Promise<pulumi.dynamic.ReadResult<PortForwardsOutputs>> {
  return { id, props: { ...props, livePlan: await forwardsLivePlan(props) } };
}
