// Turns ajv's errors into friendly findings: one per problem, at the right node, with the unknown
// key's closest valid spelling, the allowed values of an enum, and one clear message for a value
// that matches none of the shapes of a oneOf (Destination, Device, …).
import type { ErrorObject } from "ajv";
import { stringFormats } from "../formats.ts";
import { type PathSegment, parseJsonPointer } from "./path.ts";
import { closest } from "./suggest.ts";
import { resolveRef, type SchemaNode, validateAgainstPart } from "./validator.ts";

export interface SchemaFinding {
  readonly path: PathSegment[];
  /** Point at the key of the last path segment rather than its value. */
  readonly atKey: boolean;
  readonly message: string;
}

/** Friendly findings for the errors of validating `data` (paths relative to `data`). */
export function schemaFindings(errors: readonly ErrorObject[], data: unknown): SchemaFinding[] {
  const paths = new Map<ErrorObject, PathSegment[]>(
    errors.map((e) => [e, parseJsonPointer(e.instancePath, data)]),
  );
  // The outermost failed oneOfs are explained as a whole; errors beneath them are replaced.
  const unions = errors.filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf");
  const outer = unions.filter(
    (u) =>
      !unions.some(
        (v) => v !== u && isUnder(v.instancePath, u.instancePath) && v.instancePath !== u.instancePath,
      ),
  );
  const findings: SchemaFinding[] = [];
  for (const error of errors) {
    if (outer.some((u) => isUnder(error.instancePath, u.instancePath))) continue;
    findings.push(...plainFinding(error, paths.get(error)!));
  }
  for (const union of outer) findings.push(...unionFindings(union, paths.get(union)!));
  return withoutMisspelledRequired(findings);
}

// `nmae: Bob` gives both "unknown key nmae (did you mean name?)" and "missing name": keep the first.
function withoutMisspelledRequired(findings: readonly SchemaFinding[]): SchemaFinding[] {
  const suggested = new Set(
    findings.flatMap((f) => {
      const m = /\(did you mean "([^"]+)"\?\)/.exec(f.message);
      return f.atKey && m ? [JSON.stringify([...f.path.slice(0, -1), m[1]])] : [];
    }),
  );
  return findings.filter((f) => {
    const m = /^missing required property "([^"]+)"/.exec(f.message);
    return !(m && suggested.has(JSON.stringify([...f.path, m[1]])));
  });
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function describeType(type: string): string {
  switch (type) {
    case "object":
      return "a mapping (key: value)";
    case "array":
      return "a list";
    case "integer":
      return "an integer";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "string":
      return "a string";
    default:
      return type;
  }
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const secretRefMessage =
  "must be a secret reference like { secret: trunkPassword }: passwords, PINs and keys are never written inline (declare the name under secrets, then `pulumi config set --secret <name>` or `generate: password`)";

function plainFinding(error: ErrorObject, path: PathSegment[]): SchemaFinding[] {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const at = (message: string, atKey = false, where: PathSegment[] = path): SchemaFinding[] => [
    { path: where, atKey, message },
  ];
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    if (error.keyword === "format") {
      const format = stringFormats[String(params.format)];
      return at(`invalid key ${show(propertyName)}: must be ${format?.description ?? params.format}`, true, [
        ...path,
        propertyName,
      ]);
    }
    return at(`invalid key ${show(propertyName)}: ${error.message ?? "invalid"}`, true, [
      ...path,
      propertyName,
    ]);
  }
  switch (error.keyword) {
    case "propertyNames":
      return []; // explained by the error on the name itself
    case "required":
      return at(`missing required property "${params.missingProperty}"`);
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const known = Object.keys((parent.properties ?? {}) as object);
      return at(unknownKeyMessage(key, known), true, [...path, key]);
    }
    case "type": {
      if (parent.title === "SecretRef") return at(secretRefMessage);
      const expected = String(params.type);
      if (expected === "string" && typeof error.data === "number") {
        return at(`must be a string: quote it ("${error.data}")`);
      }
      if (error.data === null) return at(`must be ${describeType(expected)}, not empty`);
      return at(`must be ${describeType(expected)}`);
    }
    case "format": {
      const format = stringFormats[String(params.format)];
      return at(`${show(error.data)} is not ${format?.description ?? `a valid ${params.format}`}`);
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const suggestion =
        typeof error.data === "string"
          ? closest(
              error.data,
              allowed.filter((a) => typeof a === "string"),
            )
          : undefined;
      const hint = suggestion === undefined ? "" : ` (did you mean ${show(suggestion)}?)`;
      return at(`must be one of: ${allowed.map((a) => String(a)).join(", ")}${hint}`);
    }
    case "const":
      return at(`must be ${show(params.allowedValue)}`);
    case "minimum":
      return at(`must be at least ${params.limit}`);
    case "maximum":
      return at(`must be at most ${params.limit}`);
    case "minItems":
      return at(
        params.limit === 1 ? "must not be an empty list" : `must have at least ${params.limit} items`,
      );
    case "minLength":
      return at(
        params.limit === 1 ? "must not be empty" : `must be at least ${params.limit} characters long`,
      );
    case "uniqueItems":
      return at(`must not repeat items (items ${params.j} and ${params.i} are the same)`);
    case "pattern":
      return at(`${show(error.data)} must match the pattern ${params.pattern}`);
    default:
      return at(error.message ?? `fails ${error.keyword}`);
  }
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  if (suggestion !== undefined) return `unknown key "${key}" (did you mean "${suggestion}"?)`;
  return `unknown key "${key}"; expected one of: ${known.join(", ")}`;
}

// A failed oneOf: find the branch the value was meant to be, and report that branch's errors;
// when no branch stands out, say what the value may be.
function unionFindings(error: ErrorObject, path: PathSegment[]): SchemaFinding[] {
  const branchNodes = (Array.isArray(error.schema) ? error.schema : []) as SchemaNode[];
  const data: unknown = error.data;
  const branches = branchNodes.map((node) => ({
    node,
    def: resolveRef(node),
    errors: validateAgainstPart(node, data),
  }));
  if (branches.length === 0 || branches.every((b) => b.errors.length === 0)) {
    return [{ path, atKey: false, message: "matches more than one form; make it unambiguous" }];
  }
  const nested = (errors: readonly ErrorObject[]) =>
    schemaFindings(errors, data).map((f) => ({ ...f, path: [...path, ...f.path] }));

  // A discriminator (e.g. `type: desk | softphone`) with an unknown value.
  const discriminator = findDiscriminator(branches.map((b) => b.def));
  if (discriminator !== undefined && isObject(data)) {
    const values = branches.map((b) => propertiesOf(b.def)[discriminator]?.const);
    const value = data[discriminator];
    if (value === undefined) {
      return [
        {
          path,
          atKey: false,
          message: `missing required property "${discriminator}" (one of: ${values.join(", ")})`,
        },
      ];
    }
    const chosen = branches.find((b) => propertiesOf(b.def)[discriminator]?.const === value);
    if (chosen === undefined) {
      const suggestion = typeof value === "string" ? closest(value, values.map(String)) : undefined;
      const hint = suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`;
      return [
        {
          path: [...path, discriminator],
          atKey: false,
          message: `must be one of: ${values.join(", ")}${hint}`,
        },
      ];
    }
    return nested(chosen.errors);
  }

  const fitting = branches.filter((b) => !b.errors.some(isShapeMismatch));
  if (fitting.length === 1) return nested(fitting[0]!.errors);

  if (isObject(data)) {
    const keys = Object.keys(data);
    const overlaps = branches.map((b) => keys.filter((k) => k in propertiesOf(b.def)).length);
    const best = Math.max(...overlaps);
    if (best > 0 && overlaps.filter((o) => o === best).length === 1) {
      return nested(branches[overlaps.indexOf(best)]!.errors);
    }
    const allKnown = [...new Set(branches.flatMap((b) => Object.keys(propertiesOf(b.def))))];
    const unknown = keys.filter((k) => !allKnown.includes(k));
    const forms = branches.map((b) => describeBranch(b.def)).join(" | ");
    if (unknown.length > 0) {
      return unknown.map((key) => ({
        path: [...path, key],
        atKey: true,
        message: `${unknownKeyMessage(key, allKnown)}; expected one of: ${forms}`,
      }));
    }
    return [{ path, atKey: false, message: `must be exactly one of: ${forms}` }];
  }
  const forms = branches.map((b) => describeBranch(b.def));
  const allObjects = branches.every((b) => b.def.type === "object");
  const message = allObjects
    ? `must be ${describeType("object")}, one of: ${forms.join(" | ")}`
    : `must be ${forms.join(" or ")}`;
  return [{ path, atKey: false, message }];
}

function propertiesOf(def: SchemaNode): Record<string, SchemaNode> {
  return (def.properties ?? {}) as Record<string, SchemaNode>;
}

function findDiscriminator(defs: readonly SchemaNode[]): string | undefined {
  const first = defs[0];
  if (first === undefined || defs.length < 2) return undefined;
  return Object.keys(propertiesOf(first)).find((name) =>
    defs.every(
      (def) =>
        propertiesOf(def)[name]?.const !== undefined && ((def.required as string[]) ?? []).includes(name),
    ),
  );
}

function isShapeMismatch(error: ErrorObject): boolean {
  if (error.instancePath === "") return ["type", "required", "const", "enum"].includes(error.keyword);
  return error.keyword === "const" && error.instancePath.lastIndexOf("/") === 0;
}

function describeBranch(def: SchemaNode): string {
  if (def.type === "object") {
    const required = (def.required as string[]) ?? [];
    const props = propertiesOf(def);
    const parts = required.map((name) =>
      props[name]?.const !== undefined ? `${name}: ${show(props[name]!.const)}` : name,
    );
    return `{ ${parts.join(", ")} }`;
  }
  if (Array.isArray(def.enum)) return `one of ${def.enum.map(String).join(", ")}`;
  if (def.type === "integer" && typeof def.minimum === "number" && typeof def.maximum === "number") {
    return `an integer ${def.minimum}–${def.maximum}`;
  }
  return describeType(String(def.type));
}
