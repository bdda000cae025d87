// The compiled lab schema: ajv (draft 2020-12) with every error, defaults filled in, and the
// formats of formats.ts.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { stringFormats } from "../formats.ts";
import labSchema from "../lab.schema.json" with { type: "json" };

export type SchemaNode = Readonly<Record<string, unknown>>;

/** The schema as plain data (for error messages and the generators). */
export const schema: SchemaNode = labSchema as SchemaNode;
const schemaId = labSchema.$id;

let ajvInstance: Ajv2020 | undefined;
function ajv(): Ajv2020 {
  if (ajvInstance === undefined) {
    ajvInstance = new Ajv2020({ allErrors: true, verbose: true, useDefaults: true, strict: true });
    for (const [name, format] of Object.entries(stringFormats)) {
      ajvInstance.addFormat(name, { type: "string", validate: format.validate });
    }
    ajvInstance.addSchema(schema);
  }
  return ajvInstance;
}

function run(validate: ValidateFunction, data: unknown): ErrorObject[] {
  validate(data);
  return [...(validate.errors ?? [])];
}

/** Validates (and fills the defaults into) `data`; returns ajv's errors, empty when valid. */
export function validateAgainstSchema(data: unknown): ErrorObject[] {
  return run(ajv().getSchema(schemaId)!, data);
}

/** Validates `data` against one part of the schema: `{ $ref: "#/$defs/X" }` or an inline schema without refs. */
export function validateAgainstPart(part: SchemaNode, data: unknown): ErrorObject[] {
  const ref = part.$ref;
  const validate = typeof ref === "string" ? ajv().getSchema(schemaId + ref) : ajv().compile(part);
  return validate === undefined ? [] : run(validate, data);
}

/** The schema a node stands for: follows a local "$ref". */
export function resolveRef(node: SchemaNode): SchemaNode {
  const ref = node.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/$defs/")) return node;
  const defs = schema.$defs as Record<string, SchemaNode>;
  return defs[ref.slice("#/$defs/".length)] ?? node;
}
