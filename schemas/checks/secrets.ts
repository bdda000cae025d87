// Every `{ secret: name }` names a secret declared under `secrets`; declared secrets are used.
import type { Lab } from "../generated/lab.ts";
import type { LabPath, PathSegment } from "../load/path.ts";
import { error, type Finding, warning } from "./finding.ts";
import { unknownName } from "./unknown-name.ts";

export interface SecretUse {
  readonly name: string;
  readonly path: LabPath;
}

/** Every secret reference in the lab (an object whose only key is `secret`), with its path. */
export function secretUses(lab: Lab): SecretUse[] {
  const uses: SecretUse[] = [];
  const walk = (node: unknown, path: PathSegment[]) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, [...path, i]);
      });
    } else if (node !== null && typeof node === "object") {
      const entries = Object.entries(node);
      if (entries.length === 1 && entries[0]![0] === "secret" && typeof entries[0]![1] === "string") {
        uses.push({ name: entries[0]![1], path: [...path, "secret"] });
        return;
      }
      for (const [key, value] of entries)
        if (!(path.length === 0 && key === "secrets")) walk(value, [...path, key]);
    }
  };
  walk(lab, []);
  return uses;
}

export function checkSecrets(lab: Lab): Finding[] {
  const declared = Object.keys(lab.secrets);
  const uses = secretUses(lab);
  const findings: Finding[] = [];
  for (const use of uses) {
    if (!declared.includes(use.name)) {
      findings.push(
        error(
          use.path,
          `${unknownName("secret", use.name, declared)}: declare it under secrets, e.g. ${use.name}: { from: config }`,
        ),
      );
    }
  }
  const used = new Set(uses.map((u) => u.name));
  for (const name of declared) {
    if (!used.has(name))
      findings.push({
        ...warning(["secrets", name], `secret "${name}" is declared but never used`),
        atKey: true,
      });
  }
  return findings;
}
