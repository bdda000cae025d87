// `Appliance` dynamic resource: the running pibx appliance, converged over SSH. Same shell as the
// other dynamic resources: the serialized provider captures two URL strings and loads appliance.ts
// through tsx in the provider process. The diff's preview lines go to stdout, which the engine
// shows in `pulumi preview`.
import * as pulumi from "@pulumi/pulumi";
import type { Lab } from "../../schemas/index.ts";
import type { ApplianceConnection, ApplianceInputs, ApplianceOutputs } from "./appliance.ts";
import type { ApplianceHealth } from "./appliance-push.ts";
import type { ApplianceRemote } from "./appliance-remote.ts";
import { tsxModuleLoader } from "./tsx-module.ts";

type Implementation = typeof import("./appliance.ts");

const implementation = tsxModuleLoader<Implementation>(new URL("./appliance.ts", import.meta.url).href);

export const applianceProvider: pulumi.dynamic.ResourceProvider<ApplianceInputs, ApplianceOutputs> = {
  async check(_olds, news) {
    return (await implementation()).applianceCheck(news as unknown as Record<string, unknown>);
  },
  async diff(_id, olds, news) {
    return (await implementation()).applianceDiff(olds, news, (line) => console.log(line));
  },
  async create(inputs) {
    return (await implementation()).applianceCreate(inputs);
  },
  async update(_id, _olds, news) {
    return (await implementation()).applianceUpdate(news);
  },
  async read(id, props) {
    return (await implementation()).applianceRead(id, props as ApplianceOutputs);
  },
  async delete() {
    // Nothing on the Pi: see appliance.ts.
  },
};

export interface ApplianceResourceArgs {
  lab: pulumi.Input<Lab>;
  /** Secret values by name. */
  secrets: pulumi.Input<Record<string, pulumi.Input<string>>>;
  connection: pulumi.Input<ApplianceConnection>;
  /** Partial: the rest comes from defaultApplianceRemote. */
  remote?: pulumi.Input<Partial<ApplianceRemote>>;
  stateDir?: pulumi.Input<string>;
}

export class ApplianceResource extends pulumi.dynamic.Resource {
  declare readonly configHash: pulumi.Output<string>;
  declare readonly pushedConfig: pulumi.Output<string>;
  declare readonly secretDigests: pulumi.Output<Record<string, string>>;
  declare readonly health: pulumi.Output<ApplianceHealth>;

  constructor(name: string, args: ApplianceResourceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      applianceProvider,
      name,
      {
        lab: args.lab,
        secrets: pulumi.secret(args.secrets),
        connection: pulumi.secret(args.connection),
        remote: args.remote ?? {},
        stateDir: args.stateDir,
        configHash: undefined,
        secretDigests: undefined,
        pushedConfig: undefined,
        health: undefined,
      },
      pulumi.mergeOptions(opts, {
        additionalSecretOutputs: ["secrets", "connection", "pushedConfig", "secretDigests"],
      }),
      "pibx/appliance",
      "Appliance",
    );
  }
}
