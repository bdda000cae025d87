// `pibx:secrets:LabSecrets`: every secret the lab declares, as secret Outputs by name. `from: config`
// secrets are read from the stack's config (`pibx:<name>`, set with --secret); `generate` secrets
// are GeneratedSecret resources, created once and kept in state.
import * as pulumi from "@pulumi/pulumi";
import type { SecretPlan } from "../plan/index.ts";
import { GeneratedSecret } from "../providers/generated-secret-resource.ts";

/** Where config secrets come from: `pulumi.Config("pibx")` in a program, a stub in tests. */
export interface SecretConfig {
  getSecret(key: string): pulumi.Output<string> | undefined;
  requireSecret(key: string): pulumi.Output<string>;
}

export interface LabSecretsArgs {
  secrets: readonly SecretPlan[];
  config: SecretConfig;
}

/** The message for config secrets that are not set, naming the command that sets each. */
export function missingSecretsMessage(names: readonly string[]): string {
  const lines = names.map((name) => `  pulumi config set --secret pibx:${name} <value>`);
  return [`the lab declares secrets \`from: config\` that the stack does not set; run:`, ...lines].join("\n");
}

export class LabSecrets extends pulumi.ComponentResource {
  /** Secret name → its value (every value is a secret Output). */
  readonly values: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: LabSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pibx:secrets:LabSecrets", name, {}, opts);
    // All missing ones at once, each with its command (requireSecret would stop at the first).
    const missing = args.secrets
      .filter((s) => s.source.kind === "config" && args.config.getSecret(s.name) === undefined)
      .map((s) => s.name);
    if (missing.length > 0) throw new pulumi.RunError(missingSecretsMessage(missing));

    this.values = {};
    for (const secret of args.secrets) {
      const { source } = secret;
      const value =
        source.kind === "config"
          ? args.config.requireSecret(secret.name)
          : new GeneratedSecret(
              secret.name,
              { kind: source.charset, length: source.length },
              { parent: this },
            ).value;
      // The engine already marks both as secrets; saying so here keeps it true whatever the engine.
      this.values[secret.name] = pulumi.secret(value);
    }
    this.registerOutputs({ names: args.secrets.map((s) => s.name) });
  }
}
