// `LinuxRouter`: a Linux lab router converged by pibx (nftables, dnsmasq, tc, addresses, route,
// ip_forward) over SSH. Same shape as generated-secret-resource.ts, for the same reason: the
// provider is serialized into the state and run by plain node, so each method imports tsx's ESM
// API by URL and loads the TypeScript logic (router-linux.ts) from this checkout.
import * as pulumi from "@pulumi/pulumi";
import type { LinuxRenderOptions } from "../router/linux/linux-desired-state.ts";
import type { RouterIntent } from "../router/router-intent.ts";
import type { LinuxRouterInputs, LinuxRouterOutputs } from "./router-linux.ts";
import { tsxModuleLoader } from "./tsx-module.ts";

type Implementation = typeof import("./router-linux.ts");

const implementation = tsxModuleLoader<Implementation>(new URL("./router-linux.ts", import.meta.url).href);

export const linuxRouterProvider: pulumi.dynamic.ResourceProvider<LinuxRouterInputs, LinuxRouterOutputs> = {
  async check(_olds, news) {
    return (await implementation()).routerCheck(news);
  },
  async diff(_id, olds, news) {
    return (await implementation()).routerDiff(olds, news);
  },
  async create(inputs) {
    return (await implementation()).routerCreate(inputs);
  },
  async update(_id, olds, news) {
    return (await implementation()).routerUpdate(olds, news);
  },
  async delete(_id, props) {
    await (await implementation()).routerDelete(props);
  },
  async read(id, props) {
    return (await implementation()).routerRead(id, props as LinuxRouterOutputs);
  },
};

export interface LinuxRouterArgs {
  intent: pulumi.Input<RouterIntent>;
  options?: pulumi.Input<LinuxRenderOptions>;
  connection: pulumi.Input<{
    host: pulumi.Input<string>;
    port: pulumi.Input<number>;
    username: pulumi.Input<string>;
    /** A secret (from the lab's `privateKey: { secret: … }`). */
    privateKey: pulumi.Input<string>;
    hostKeySha256?: pulumi.Input<string>;
    proxyArgv?: pulumi.Input<pulumi.Input<string>[]>;
  }>;
}

export class LinuxRouter extends pulumi.dynamic.Resource {
  /** The plan against the live router at the last check/refresh ("" when converged). */
  declare readonly livePlan: pulumi.Output<string>;
  declare readonly appliedPlan: pulumi.Output<string>;
  /** The outside interface's address as the router reports it ("" when it has none). */
  declare readonly outsideAddress: pulumi.Output<string>;

  constructor(name: string, args: LinuxRouterArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      linuxRouterProvider,
      name,
      {
        ...args,
        livePlan: undefined,
        appliedPlan: undefined,
        baseline: undefined,
        outsideAddress: undefined,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["connection"] }),
      "pibx/router",
      "LinuxRouter",
    );
  }
}
