// `pibx:router:LabRouter`: the lab router converged to the lab's router intent, by the provider for
// its kind — `cisco-ios` (IosRouter: render, diff against the running-config, SSH) or `linux`
// (LinuxRouter: nftables + dnsmasq + tc over SSH). Credentials come from the lab's secrets.
import * as pulumi from "@pulumi/pulumi";
import type { Lab, SecretRef } from "../../schemas/index.ts";
import { IosRouter } from "../providers/router-ios-resource.ts";
import { LinuxRouter } from "../providers/router-linux-resource.ts";
import { deriveRouterIntent } from "../router/derive-router-intent.ts";
import type { LinuxRenderOptions } from "../router/linux/linux-desired-state.ts";

export interface LabRouterArgs {
  lab: Lab;
  /** Secret values by name (LabSecrets.values). */
  secrets: Record<string, pulumi.Input<string>>;
  hostKeySha256?: pulumi.Input<string>;
  /** Linux routers only. */
  linuxOptions?: LinuxRenderOptions;
}

/** A router credential the lab names but the stack lacks. */
export class RouterCredentialError extends Error {
  override name = "RouterCredentialError";
  constructor(readonly field: string) {
    super(`network.labRouter.management.${field} is required for this router kind`);
  }
}

function secretOf(args: LabRouterArgs, ref: SecretRef | undefined, field: string): pulumi.Output<string> {
  const value = ref ? args.secrets[ref.secret] : undefined;
  if (value === undefined) throw new RouterCredentialError(field);
  return pulumi.secret(value);
}

/** SSH into a Linux lab router: how HomeRouterForwards asks the home router's IGD for mappings. */
export interface LabRouterSshAccess {
  host: string;
  port: number;
  username: string;
  privateKey: string;
  hostKeySha256?: string;
}

export class LabRouter extends pulumi.ComponentResource {
  /** The plan against the live router at the last check ("" when converged). */
  readonly livePlan: pulumi.Output<string>;
  /**
   * The outside interface's address as the router reports it after convergence (its DHCP lease
   * when lab.yaml says `dhcp: true`; "" when it has none): where the home router forwards to.
   */
  readonly outsideAddress: pulumi.Output<string>;
  /** Linux routers: the SSH access pibx uses (a secret), for requests made from the router's side. */
  readonly sshAccess?: pulumi.Output<LabRouterSshAccess>;
  readonly kind: "cisco-ios" | "linux";

  constructor(name: string, args: LabRouterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pibx:router:LabRouter", name, {}, opts);
    const router = args.lab.network.labRouter;
    const intent = deriveRouterIntent(args.lab);
    if (!router || !intent) throw new pulumi.RunError("LabRouter needs network.labRouter in the lab");
    const m = router.management;
    this.kind = router.kind;
    const hostKey = args.hostKeySha256 !== undefined ? { hostKeySha256: args.hostKeySha256 } : {};
    if (router.kind === "cisco-ios") {
      const ios = new IosRouter(
        name,
        {
          intent,
          connection: {
            kind: "cisco-ios",
            host: m.address,
            port: m.port,
            username: m.username,
            password: secretOf(args, m.password, "password"),
            ...(m.enableSecret ? { enableSecret: secretOf(args, m.enableSecret, "enableSecret") } : {}),
          },
        },
        { parent: this },
      );
      this.livePlan = ios.livePlan;
      this.outsideAddress = ios.outsideAddress;
    } else {
      const connection = {
        host: m.address,
        port: m.port,
        username: m.username,
        privateKey: secretOf(args, m.privateKey, "privateKey"),
        ...hostKey,
      };
      const linux = new LinuxRouter(
        name,
        { intent, ...(args.linuxOptions ? { options: args.linuxOptions } : {}), connection },
        { parent: this },
      );
      this.livePlan = linux.livePlan;
      this.outsideAddress = linux.outsideAddress;
      this.sshAccess = pulumi.secret(pulumi.output(connection));
    }
    this.registerOutputs({ kind: this.kind, livePlan: this.livePlan, outsideAddress: this.outsideAddress });
  }
}
