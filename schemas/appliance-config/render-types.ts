// Renders schemas/generated/appliance-config.ts from appliance-config.schema.json
// (json-schema-to-typescript; the same inputs always give the same bytes). Properties with a
// default are required in the type: the validator fills them in.
import { compile } from "json-schema-to-typescript";
import schemaJson from "../appliance-config.schema.json" with { type: "json" };

const banner = [
  "/* Generated from schemas/appliance-config.schema.json by `npm run gen:appliance-types`. Do not edit.",
  " * These types describe a validated config: properties with a default in the schema are always present. */",
].join("\n");

export async function renderApplianceTypes(): Promise<string> {
  return compile(withDefaultsRequired(schemaJson) as Parameters<typeof compile>[0], "ApplianceConfig", {
    bannerComment: banner,
    additionalProperties: false,
    declareExternallyReferenced: true,
    unreachableDefinitions: true,
    format: true,
    style: { printWidth: 110, singleQuote: false, trailingComma: "all" },
    strictIndexSignatures: true,
    unknownAny: true,
  });
}

function withDefaultsRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withDefaultsRequired);
  if (node === null || typeof node !== "object") return node;
  // "$ref" alone, so a ref with a default does not become a new numbered type.
  if ("$ref" in node) return { $ref: (node as { $ref: unknown }).$ref };
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) copy[k] = withDefaultsRequired(v);
  const props = (node as { properties?: Record<string, object> }).properties;
  if (props !== undefined) {
    const required = new Set((node as { required?: string[] }).required ?? []);
    for (const [name, p] of Object.entries(props)) if ("default" in p) required.add(name);
    copy.required = [...required];
  }
  return copy;
}
