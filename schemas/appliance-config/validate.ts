// Validating an appliance config: the JSON Schema (ajv, draft 2020-12, defaults filled in),
// then the checks a schema cannot express. Every problem is reported as `path: message` with a
// dotted path (`extensions[1].number`); values are never echoed, since the file holds secrets.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import schemaJson from "../appliance-config.schema.json" with { type: "json" };
import type { ApplianceConfig } from "../generated/appliance-config.ts";

export interface ConfigProblem {
  path: string;
  message: string;
}

export type ConfigResult = { ok: true; config: ApplianceConfig } | { ok: false; problems: ConfigProblem[] };

export const applianceConfigSchema: Readonly<Record<string, unknown>> = schemaJson;

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true, useDefaults: true, strict: true }).compile(schemaJson);
  return compiled;
}

/** Validates data (a parsed JSON value, filled with defaults in place). */
export function validateApplianceConfig(data: unknown): ConfigResult {
  const validate = validator();
  if (!validate(data)) return { ok: false, problems: schemaProblems(validate.errors ?? []) };
  const config = data as ApplianceConfig;
  const problems = semanticProblems(config);
  return problems.length ? { ok: false, problems } : { ok: true, config };
}

/** Parses and validates JSON text. */
export function parseApplianceConfig(text: string): ConfigResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      problems: [{ path: "(file)", message: `not valid JSON: ${(err as Error).message}` }],
    };
  }
  return validateApplianceConfig(data);
}

function dotted(pointer: string): string {
  if (pointer === "") return "(root)";
  let out = "";
  for (const part of pointer.split("/").slice(1)) {
    const p = part.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^[0-9]+$/.test(p) ? `[${p}]` : out === "" ? p : `.${p}`;
  }
  return out;
}

function schemaProblems(errors: ErrorObject[]): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let path = dotted(e.instancePath);
    let message = e.message ?? "is invalid";
    if (e.keyword === "additionalProperties") {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      path = path === "(root)" ? extra : `${path}.${extra}`;
      message = "unknown property";
    } else if (e.keyword === "required") {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      path = path === "(root)" ? missing : `${path}.${missing}`;
      message = "is required";
    }
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

function semanticProblems(c: ApplianceConfig): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const numbers = new Map<string, number>();
  c.extensions.forEach((e, i) => {
    const first = numbers.get(e.number);
    if (first !== undefined)
      out.push({ path: `extensions[${i}].number`, message: `duplicate of extensions[${first}]` });
    else numbers.set(e.number, i);
    if ((e.password === undefined) === (e.ha1 === undefined)) {
      out.push({ path: `extensions[${i}]`, message: "needs exactly one of password or ha1" });
    }
  });
  const r = c.registrar;
  if (r.minExpires > r.defaultExpires)
    out.push({ path: "registrar.defaultExpires", message: "must be >= registrar.minExpires" });
  if (r.defaultExpires > r.maxExpires)
    out.push({ path: "registrar.maxExpires", message: "must be >= registrar.defaultExpires" });
  if (c.rtp.min >= c.rtp.max) out.push({ path: "rtp.max", message: "must be greater than rtp.min" });
  if (!c.sip.udp.enabled && !c.sip.tcp.enabled && !c.sip.tls.enabled) {
    out.push({ path: "sip", message: "at least one of udp, tcp, tls must be enabled" });
  }
  if (c.sip.tls.enabled) {
    if (!c.sip.tls.certFile)
      out.push({ path: "sip.tls.certFile", message: "is required when TLS is enabled" });
    if (!c.sip.tls.keyFile) out.push({ path: "sip.tls.keyFile", message: "is required when TLS is enabled" });
  }
  if (c.sip.tcp.enabled && c.sip.tls.enabled && c.sip.tcp.port !== 0 && c.sip.tcp.port === c.sip.tls.port) {
    out.push({ path: "sip.tls.port", message: "must differ from the TCP port" });
  }
  return out;
}
