// `IosRouter`: a Cisco IOS lab router converged by pibx over SSH. Same shell as the other dynamic
// resources: the serialized provider loads router-ios.ts through tsx by URL.
import * as pulumi from "@pulumi/pulumi";
import type { RouterIntent } from "../router/router-intent.ts";
import type { IosRouterInputs, IosRouterOutputs } from "./router-ios.ts";
import { tsxModuleLoader } from "./tsx-module.ts";

type Implementation = typeof import("./router-ios.ts");

const implementation = tsxModuleLoader<Implementation>(new URL("./router-ios.ts", import.meta.url).href);

export const iosRouterProvider: pulumi.dynamic.ResourceProvider<IosRouterInputs, IosRouterOutputs> = {
  async check(_olds, news) {
    return (await implementation()).iosCheck(news);
  },
  async diff(_id, olds, news) {
    return (await implementation()).iosDiff(olds, news);
  },
  async create(inputs) {
    return (await implementation()).iosCreate(inputs);
  },
  async update(_id, olds, news) {
    return (await implementation()).iosUpdate(news, undefined, olds);
  },
  async delete(_id, props) {
    await (await implementation()).iosDelete(props);
  },
  async read(id, props) {
    return (await implementation()).iosRead(id, props as IosRouterOutputs);
  },
};

export interface IosRouterArgs {
  intent: pulumi.Input<RouterIntent>;
  connection: pulumi.Input<{
    kind: pulumi.Input<"cisco-ios">;
    host: pulumi.Input<string>;
    port: pulumi.Input<number>;
    username: pulumi.Input<string>;
    /** Secrets. */
    password: pulumi.Input<string>;
    enableSecret?: pulumi.Input<string>;
    timeoutMs?: pulumi.Input<number>;
  }>;
}

export class IosRouter extends pulumi.dynamic.Resource {
  declare readonly livePlan: pulumi.Output<string>;
  declare readonly appliedPlan: pulumi.Output<string>;
  /** The outside interface's address as the router reports it ("" when it has none). */
  declare readonly outsideAddress: pulumi.Output<string>;

  constructor(name: string, args: IosRouterArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      iosRouterProvider,
      name,
      {
        ...args,
        livePlan: undefined,
        appliedPlan: undefined,
        outsideAddress: undefined,
        baseline: undefined,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["connection"] }),
      "pibx/router",
      "IosRouter",
    );
  }
}
