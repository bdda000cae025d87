// `LocalCommand` dynamic resource: a command run on the operator's machine, again when its triggers
// change. The serialized provider captures two URL strings and loads local-command.ts through tsx.
import * as pulumi from "@pulumi/pulumi";
import type { LocalCommandInputs, LocalCommandOutputs, StdoutParse } from "./local-command.ts";
import { tsxModuleLoader } from "./tsx-module.ts";

type Implementation = typeof import("./local-command.ts");

const implementation = tsxModuleLoader<Implementation>(new URL("./local-command.ts", import.meta.url).href);

export const localCommandProvider: pulumi.dynamic.ResourceProvider<LocalCommandInputs, LocalCommandOutputs> =
  {
    async check(_olds, news) {
      return (await implementation()).localCommandCheck(news as unknown as Record<string, unknown>);
    },
    async diff(_id, olds, news) {
      return (await implementation()).localCommandDiff(olds, news);
    },
    async create(inputs) {
      return (await implementation()).localCommandCreate(inputs);
    },
    async update(_id, _olds, news) {
      return (await implementation()).localCommandUpdate(news);
    },
    async read(id, props) {
      return (await implementation()).localCommandRead(id, props as LocalCommandOutputs);
    },
  };

export interface LocalCommandArgs {
  command: pulumi.Input<pulumi.Input<string>[]>;
  cwd: pulumi.Input<string>;
  env?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  triggers: pulumi.Input<string>;
  parse?: pulumi.Input<StdoutParse>;
  timeoutMs?: pulumi.Input<number>;
}

export class LocalCommand extends pulumi.dynamic.Resource {
  declare readonly stdout: pulumi.Output<string>;
  declare readonly path: pulumi.Output<string | undefined>;
  declare readonly sha256: pulumi.Output<string | undefined>;

  constructor(name: string, args: LocalCommandArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      localCommandProvider,
      name,
      { ...args, env: args.env ?? {}, stdout: undefined, path: undefined, sha256: undefined },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["env"] }),
      "pibx/command",
      "LocalCommand",
    );
  }
}
