// `GeneratedSecret`: a password or PIN generated once by a dynamic provider and kept in Pulumi state
// as a secret (`value` is an additional secret output, so it is encrypted in state and shown as
// [secret]). Changing `kind` or `length` replaces it; nothing else does.
//
// Why the provider methods only `import()` modules by absolute URL: Pulumi serializes the provider
// object's functions into the state, and the dynamic-provider process (`pulumi-resource-pulumi-nodejs`,
// plain node, no tsx) evaluates that text as CommonJS. What we found:
//  - a function that captures an ESM import (e.g. `randomBytes` from node:crypto) cannot be
//    serialized: the closure walker follows it into node's internals and stops at native code;
//  - `import.meta` is not available in the evaluated text;
//  - dynamic `import()` of an absolute file URL works there. So each method imports tsx's ESM API,
//    then `tsImport`s the TypeScript implementation (generated-secret.ts) and calls it, through
//    `tsxModuleLoader`, whose returned function captures two strings. Consequence: the state holds this checkout's absolute paths, so a
//    resource removed from the program after the checkout moved cannot be read/deleted until the
//    paths exist again (the next `pulumi up` re-serializes the provider for resources still declared).
import * as pulumi from "@pulumi/pulumi";
import type { GeneratedSecretInputs, GeneratedSecretOutputs, SecretKind } from "./generated-secret.ts";
import { tsxModuleLoader } from "./tsx-module.ts";

type Implementation = typeof import("./generated-secret.ts");

const implementation = tsxModuleLoader<Implementation>(
  new URL("./generated-secret.ts", import.meta.url).href,
);

/** The provider: a thin shell, no state of its own; each call loads the implementation. */
export const generatedSecretProvider: pulumi.dynamic.ResourceProvider<
  GeneratedSecretInputs,
  GeneratedSecretOutputs
> = {
  async check(_olds, news) {
    return (await implementation()).check(news as unknown as Record<string, unknown>);
  },
  async create(inputs) {
    return (await implementation()).create(inputs);
  },
  async diff(_id, olds, news) {
    return (await implementation()).diff(olds, news);
  },
  async read(id, props) {
    return (await implementation()).read(id, props as GeneratedSecretOutputs);
  },
};

export interface GeneratedSecretArgs {
  kind: pulumi.Input<SecretKind>;
  length: pulumi.Input<number>;
}

export class GeneratedSecret extends pulumi.dynamic.Resource {
  declare readonly kind: pulumi.Output<SecretKind>;
  declare readonly length: pulumi.Output<number>;
  /** The generated value: always a secret. */
  declare readonly value: pulumi.Output<string>;

  constructor(name: string, args: GeneratedSecretArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      generatedSecretProvider,
      name,
      { kind: args.kind, length: args.length, value: undefined },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["value"] }),
      // Dynamic resources always belong to the pulumi-nodejs provider: the engine picks the plugin
      // from the token's package, so the token is pulumi-nodejs:dynamic/pibx/secrets:GeneratedSecret.
      "pibx/secrets",
      "GeneratedSecret",
    );
  }
}
