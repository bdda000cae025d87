// Renders schemas/generated/lab.ts from lab.schema.json (json-schema-to-typescript, formatted by
// its bundled prettier: the same inputs always give the same bytes).
//
// The types describe the lab as loadLab returns it, with the schema's defaults filled in: a
// property that has a default is required in the generated type.
import { compile } from "json-schema-to-typescript";
import { schema } from "../load/validator.ts";

const banner = [
  "/* Generated from schemas/lab.schema.json by `npm run gen:types`. Do not edit by hand.",
  " * These types describe a loaded lab: properties with a default in the schema are always present. */",
].join("\n");

export function renderTypes(): Promise<string> {
  return renderSchemaTypes(schema, "Lab", banner);
}

/** Any of the project's schemas as TypeScript (also used for the appliance config). */
export function renderSchemaTypes(
  schemaJson: unknown,
  rootName: string,
  bannerComment: string,
): Promise<string> {
  const input = typesInput(schemaJson) as Parameters<typeof compile>[0];
  return compile(input, rootName, {
    bannerComment,
    additionalProperties: false,
    declareExternallyReferenced: true,
    unreachableDefinitions: true,
    format: true,
    style: { printWidth: 110, singleQuote: false, trailingComma: "all" },
    strictIndexSignatures: true,
    unknownAny: true,
  });
}

/**
 * A copy of the schema for json-schema-to-typescript: defaulted properties made required, and
 * "$ref" without siblings (a "$ref" with its own description or default would become a new,
 * numbered type: Dscp1, Dscp2, …).
 */
function typesInput(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(typesInput);
  if (node === null || typeof node !== "object") return node;
  if ("$ref" in node) return { $ref: (node as { $ref: unknown }).$ref };
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = typesInput(value);
  const properties = (node as { properties?: Record<string, object> }).properties;
  if (properties !== undefined) {
    const required = new Set((node as { required?: string[] }).required ?? []);
    for (const [name, property] of Object.entries(properties)) if ("default" in property) required.add(name);
    copy.required = [...required];
  }
  return copy;
}
