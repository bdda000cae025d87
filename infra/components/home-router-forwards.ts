// `pibx:router:HomeRouterForwards`: the forwards through the home router, opened over UPnP IGD
// (`kind: upnp`) or printed as a checklist (`kind: manual`) by the PortForwards provider.
//
// With a lab router in the stack, the forwards target its outside address: the static one lab.yaml
// declares, or — `dhcp: true`, as in the reference lab — the lease the LabRouter reports after
// converging (so they wait for it, and follow it when it changes). UPnP mappings are requested from
// the lab router's side over its SSH (an IGD maps ports only to the host asking), and the forwards
// depend on the LabRouter: `pulumi destroy` removes them first, while the router still routes.
import * as pulumi from "@pulumi/pulumi";
import type { Lab } from "../../schemas/index.ts";
import { PortForwards, type PortForwardsArgs } from "../providers/port-forwards-resource.ts";
import { deriveRouterIntent } from "../router/derive-router-intent.ts";
import { deriveHomeForwards, needsReportedOutsideAddress } from "../router/home/home-forwards.ts";
import type { LabRouter } from "./lab-router.ts";

export interface HomeRouterForwardsArgs {
  lab: Lab;
  /** The converged lab router: its reported outside address, and its SSH access for `upnp`. */
  labRouter?: Pick<LabRouter, "outsideAddress" | "sshAccess"> & pulumi.Resource;
  /** Reach the IGD through an SSH host on the home LAN (default: the lab router's SSH access). */
  via?: PortForwardsArgs["via"];
  descriptionUrl?: pulumi.Input<string>;
  leaseSeconds?: pulumi.Input<number>;
}

export class HomeRouterForwards extends pulumi.ComponentResource {
  /** What to set by hand (`manual`), or what UPnP opened. */
  readonly checklist: pulumi.Output<string>;
  readonly mappings: pulumi.Output<number>;
  /** The LAN host the home router forwards to (the lab router's outside address, or the appliance). */
  readonly internalClient: pulumi.Output<string>;

  constructor(name: string, args: HomeRouterForwardsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pibx:router:HomeRouterForwards", name, {}, opts);
    const home = args.lab.network.homeRouter;
    if (!home) throw new pulumi.RunError("HomeRouterForwards needs network.homeRouter in the lab");
    const intent = deriveRouterIntent(args.lab);
    let plan: pulumi.Output<NonNullable<ReturnType<typeof deriveHomeForwards>>>;
    if (needsReportedOutsideAddress(intent)) {
      if (!args.labRouter)
        throw new pulumi.RunError(
          "network.labRouter.interfaces.outside takes its address by DHCP: the home router's forwards need the LabRouter's reported address (set pibx:convergeRouters)",
        );
      plan = pulumi
        .output(args.labRouter.outsideAddress)
        .apply((address) => deriveHomeForwards(args.lab, intent, { labRouterOutside: address })!);
    } else plan = pulumi.output(deriveHomeForwards(args.lab, intent)!);
    const via = args.via ?? (home.kind === "upnp" ? args.labRouter?.sshAccess : undefined);
    const forwards = new PortForwards(
      name,
      {
        plan,
        ...(via ? { via } : {}),
        ...(args.descriptionUrl !== undefined ? { descriptionUrl: args.descriptionUrl } : {}),
        ...(args.leaseSeconds !== undefined ? { leaseSeconds: args.leaseSeconds } : {}),
      },
      { parent: this, ...(args.labRouter ? { dependsOn: [args.labRouter] } : {}) },
    );
    this.checklist = forwards.checklist;
    this.mappings = forwards.mappings;
    this.internalClient = plan.internalClient;
    this.registerOutputs({
      checklist: this.checklist,
      mappings: this.mappings,
      internalClient: this.internalClient,
    });
  }
}
