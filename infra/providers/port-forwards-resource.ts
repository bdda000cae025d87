// `PortForwards`: the home router's forwards (UPnP IGD, or a manual checklist as an output). Same
// shell as generated-secret-resource.ts: each method loads the TypeScript logic (port-forwards.ts)
// through tsx by URL, since the serialized provider runs in plain node.
import * as pulumi from "@pulumi/pulumi";
import type { HomeForwardPlan } from "../router/home/home-forwards.ts";
import type { PortForwardsInputs, PortForwardsOutputs } from "./port-forwards.ts";
import { tsxModuleLoader } from "./tsx-module.ts";

type Implementation = typeof import("./port-forwards.ts");

const implementation = tsxModuleLoader<Implementation>(new URL("./port-forwards.ts", import.meta.url).href);

export const portForwardsProvider: pulumi.dynamic.ResourceProvider<PortForwardsInputs, PortForwardsOutputs> =
  {
    async check(_olds, news) {
      return (await implementation()).forwardsCheck(news);
    },
    async diff(_id, olds, news) {
      return (await implementation()).forwardsDiff(olds, news);
    },
    async create(inputs) {
      return (await implementation()).forwardsCreate(inputs);
    },
    async update(_id, olds, news) {
      return (await implementation()).forwardsUpdate(olds, news);
    },
    async delete(_id, props) {
      await (await implementation()).forwardsDelete(props);
    },
    async read(id, props) {
      return (await implementation()).forwardsRead(id, props as PortForwardsOutputs);
    },
  };

export interface PortForwardsArgs {
  plan: pulumi.Input<HomeForwardPlan>;
  via?: pulumi.Input<{
    host: pulumi.Input<string>;
    port: pulumi.Input<number>;
    username: pulumi.Input<string>;
    privateKey: pulumi.Input<string>;
    hostKeySha256?: pulumi.Input<string>;
    proxyArgv?: pulumi.Input<pulumi.Input<string>[]>;
  }>;
  descriptionUrl?: pulumi.Input<string>;
  leaseSeconds?: pulumi.Input<number>;
}

export class PortForwards extends pulumi.dynamic.Resource {
  declare readonly checklist: pulumi.Output<string>;
  declare readonly livePlan: pulumi.Output<string>;
  declare readonly mappings: pulumi.Output<number>;

  constructor(name: string, args: PortForwardsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      portForwardsProvider,
      name,
      { ...args, livePlan: undefined, checklist: undefined, mappings: undefined },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["via"] }),
      "pibx/router",
      "PortForwards",
    );
  }
}
