// `pibx:router:HomeRouterForwards`: the forwards through the home router, opened over UPnP IGD
// (`kind: upnp`) or printed as a checklist (`kind: manual`) by the PortForwards provider.
import * as pulumi from "@pulumi/pulumi";
import type { Lab } from "../../schemas/index.ts";
import { PortForwards, type PortForwardsArgs } from "../providers/port-forwards-resource.ts";
import { deriveRouterIntent } from "../router/derive-router-intent.ts";
import { deriveHomeForwards } from "../router/home/home-forwards.ts";

export interface HomeRouterForwardsArgs {
  lab: Lab;
  /** Reach the IGD through an SSH host on the home LAN (e.g. the lab router). */
  via?: PortForwardsArgs["via"];
  descriptionUrl?: pulumi.Input<string>;
  leaseSeconds?: pulumi.Input<number>;
}

export class HomeRouterForwards extends pulumi.ComponentResource {
  /** What to set by hand (`manual`), or what UPnP opened. */
  readonly checklist: pulumi.Output<string>;
  readonly mappings: pulumi.Output<number>;

  constructor(name: string, args: HomeRouterForwardsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pibx:router:HomeRouterForwards", name, {}, opts);
    const plan = deriveHomeForwards(args.lab, deriveRouterIntent(args.lab));
    if (!plan) throw new pulumi.RunError("HomeRouterForwards needs network.homeRouter in the lab");
    const forwards = new PortForwards(
      name,
      {
        plan,
        ...(args.via ? { via: args.via } : {}),
        ...(args.descriptionUrl !== undefined ? { descriptionUrl: args.descriptionUrl } : {}),
        ...(args.leaseSeconds !== undefined ? { leaseSeconds: args.leaseSeconds } : {}),
      },
      { parent: this },
    );
    this.checklist = forwards.checklist;
    this.mappings = forwards.mappings;
    this.registerOutputs({ checklist: this.checklist, mappings: this.mappings });
  }
}
