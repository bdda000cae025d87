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
import { describeUpnpPlan, wantedMappings } from "../router/home/plan-upnp.ts";
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

export async function forwardsCheck(
  news: PortForwardsInputs,
): Promise<pulumi.dynamic.CheckResult<PortForwardsInputs>> {
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
  const live = news.livePlan ?? (known(news.via) ? await forwardsLivePlan(news) : "unknown");
  const changed =
    JSON.stringify({ ...olds, livePlan: "", checklist: "", mappings: 0 }) !==
    JSON.stringify({ ...news, livePlan: "", checklist: "", mappings: 0 });
  return { changes: live !== "" || changed, replaces: olds.plan.kind !== news.plan.kind ? ["plan"] : [] };
}

async function converge(inputs: PortForwardsInputs): Promise<PortForwardsOutputs> {
  const checklist = manualChecklist(inputs.plan);
  if (inputs.plan.kind === "manual") return { ...inputs, livePlan: "", checklist, mappings: 0 };
  const want = wantedMappings(inputs.plan);
  await withIgd(inputs, (c) =>
    convergeUpnp(c, want, inputs.plan.internalClient, { leaseSeconds: inputs.leaseSeconds ?? 0 }),
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
    await withIgd(olds, (c) => removeUpnp(c, olds.plan.internalClient));
  return { outs: await converge(news) };
}

export async function forwardsDelete(olds: PortForwardsOutputs): Promise<void> {
  if (olds.plan.kind === "upnp") await withIgd(olds, (c) => removeUpnp(c, olds.plan.internalClient));
}

export async function forwardsRead(
  id: string,
  props: PortForwardsOutputs,
): Promise<pulumi.dynamic.ReadResult<PortForwardsOutputs>> {
  return { id, props: { ...props, livePlan: await forwardsLivePlan(props) } };
}
