// Renders schemas/generated/appliance-config.ts from appliance-config.schema.json
// (json-schema-to-typescript; the same inputs always give the same bytes). Properties with a
// default are required in the type: the validator fills them in.
import schemaJson from "../appliance-config.schema.json" with { type: "json" };
import { renderSchemaTypes } from "../gen/render-types.ts";

const banner = [
  "/* Generated from schemas/appliance-config.schema.json by `npm run gen:appliance-types`. Do not edit.",
  " * These types describe a validated config: properties with a default in the schema are always present. */",
].join("\n");

export function renderApplianceTypes(): Promise<string> {
  return renderSchemaTypes(schemaJson, "ApplianceConfig", banner);
}
