// `pibx:appliance:Appliance`: the running appliance converged to the lab (config pushed over SSH,
// hot-reloaded, health checked). Its child does the work; this component gives it a typed front
// and keeps every secret a secret.
import * as pulumi from "@pulumi/pulumi";
import type { Lab } from "../../schemas/index.ts";
import type { ApplianceConnection } from "../providers/appliance.ts";
import type { ApplianceHealth } from "../providers/appliance-push.ts";
import type { ApplianceRemote } from "../providers/appliance-remote.ts";
import { ApplianceResource } from "../providers/appliance-resource.ts";

export interface ApplianceArgs {
  lab: Lab;
  /** Secret values by name (LabSecrets.values). */
  secrets: Record<string, pulumi.Input<string>>;
  /** Where to reach the Pi: default the lab's static LAN address and SSH port/user. */
  host?: pulumi.Input<string>;
  port?: pulumi.Input<number>;
  /** The operator's SSH private key (a secret). */
  privateKey: pulumi.Input<string>;
  hostKeySha256?: pulumi.Input<string>;
  waitBudgetMs?: pulumi.Input<number>;
  remote?: Partial<ApplianceRemote>;
  stateDir?: pulumi.Input<string>;
}

/** The host pibx reaches: the static LAN address without its prefix, else the host name. */
export function applianceHost(lab: Lab): string {
  const lan = lab.appliance.lan;
  return "address" in lan ? (lan.address.split("/")[0] ?? lan.address) : lab.appliance.hostname;
}

export class Appliance extends pulumi.ComponentResource {
  readonly configHash: pulumi.Output<string>;
  readonly health: pulumi.Output<ApplianceHealth>;
  /** The pushed document: a secret. */
  readonly pushedConfig: pulumi.Output<string>;

  constructor(name: string, args: ApplianceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pibx:appliance:Appliance", name, {}, opts);
    const { lab } = args;
    const connection = pulumi.secret(
      pulumi
        .all([args.host ?? applianceHost(lab), args.port ?? lab.appliance.ssh.port, args.privateKey])
        .apply(
          ([host, port, privateKey]): ApplianceConnection => ({
            host,
            port,
            username: lab.appliance.ssh.user,
            privateKey,
          }),
        ),
    );
    const extra = pulumi.all([args.hostKeySha256, args.waitBudgetMs]);
    const target = pulumi.secret(
      pulumi.all([connection, extra]).apply(([c, [hostKeySha256, waitBudgetMs]]) => ({
        ...c,
        ...(hostKeySha256 !== undefined ? { hostKeySha256 } : {}),
        ...(waitBudgetMs !== undefined ? { waitBudgetMs } : {}),
      })),
    );
    const resource = new ApplianceResource(
      name,
      {
        lab,
        secrets: pulumi.secret(pulumi.all(args.secrets)),
        connection: target,
        ...(args.remote ? { remote: args.remote } : {}),
        ...(args.stateDir !== undefined ? { stateDir: args.stateDir } : {}),
      },
      { parent: this },
    );
    this.configHash = resource.configHash;
    this.health = resource.health;
    this.pushedConfig = pulumi.secret(resource.pushedConfig);
    this.registerOutputs({
      configHash: this.configHash,
      health: this.health,
      pushedConfig: this.pushedConfig,
    });
  }
}
