// The lab's secret declarations, with defaults applied, and where each one is referenced.
// Only names and paths: values live in Pulumi config or state, never in the plan.
import type { Lab, SecretDeclaration } from "../../schemas/index.ts";

export type SecretSource =
  | { kind: "config" }
  | { kind: "generate"; charset: "password" | "pin"; length: number };

export interface SecretPlan {
  name: string;
  source: SecretSource;
  /** Where the lab references it, e.g. `trunks[0].password`. */
  usedAt: string[];
}

/** Default lengths from the lab schema: 24 for a password, 6 for a PIN. */
export const defaultSecretLength = { password: 24, pin: 6 } as const;

export function secretSource(declaration: SecretDeclaration): SecretSource {
  if ("from" in declaration) return { kind: "config" };
  return {
    kind: "generate",
    charset: declaration.generate,
    length: declaration.length ?? defaultSecretLength[declaration.generate],
  };
}

/** Every `{ secret: name }` in the lab, as name → paths. */
export function secretReferences(value: unknown, path = ""): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) visit(item, `${at}[${i}]`);
    } else if (node !== null && typeof node === "object") {
      const entries = Object.entries(node);
      const secret = (node as { secret?: unknown }).secret;
      if (entries.length === 1 && typeof secret === "string") {
        found.set(secret, [...(found.get(secret) ?? []), at]);
        return;
      }
      for (const [key, child] of entries) visit(child, at ? `${at}.${key}` : key);
    }
  };
  visit(value, path);
  return found;
}

/** The declared secrets (sorted by name) and where `lab` references each one. */
export function planSecrets(declared: Lab["secrets"], lab: unknown): SecretPlan[] {
  const references = secretReferences(lab);
  return Object.entries(declared)
    .filter((entry): entry is [string, SecretDeclaration] => entry[1] !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, declaration]) => ({
      name,
      source: secretSource(declaration),
      usedAt: references.get(name) ?? [],
    }));
}
