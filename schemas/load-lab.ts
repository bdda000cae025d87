// Reading a lab file: YAML with positions → schema (ajv, defaults filled in) → semantic checks.
// Every problem is reported at once, sorted by position.
import { readFileSync } from "node:fs";
import { runChecks } from "./checks/index.ts";
import { ConfigError } from "./config-error.ts";
import { type Diagnostic, sortDiagnostics } from "./diagnostic.ts";
import type { Lab } from "./generated/lab.ts";
import { formatPath, type LabPath } from "./load/path.ts";
import { schemaFindings } from "./load/schema-messages.ts";
import { validateAgainstSchema } from "./load/validator.ts";
import { parseYamlSource, type SourcePosition } from "./load/yaml-source.ts";

export interface LoadResult {
  /** The lab with the schema's defaults filled in; undefined when there is any error. */
  lab: Lab | undefined;
  diagnostics: Diagnostic[];
}

export function loadLabText(text: string, file: string): LoadResult {
  const source = parseYamlSource(text);
  const diagnostics: Diagnostic[] = [];
  const add = (
    path: LabPath,
    position: SourcePosition,
    message: string,
    severity: Diagnostic["severity"],
  ) => {
    diagnostics.push({
      file,
      line: position.line,
      column: position.column,
      path: formatPath(path),
      message,
      severity,
    });
  };
  for (const f of [...source.syntaxErrors, ...source.duplicateKeys])
    add(f.path, f.position, f.message, "error");
  if (source.syntaxErrors.length > 0) return { lab: undefined, diagnostics: sortDiagnostics(diagnostics) };

  const data = source.data;
  const schemaErrors = validateAgainstSchema(data);
  for (const f of schemaFindings(schemaErrors, data))
    add(f.path, source.positionOf(f.path, f.atKey), f.message, "error");
  if (schemaErrors.length === 0) {
    for (const f of runChecks(data as Lab)) {
      add(f.path, source.positionOf(f.path, f.atKey ?? false), f.message, f.severity);
    }
  }
  const sorted = sortDiagnostics(diagnostics);
  const failed = sorted.some((d) => d.severity === "error");
  return { lab: failed ? undefined : (data as Lab), diagnostics: sorted };
}

export function loadLab(file: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    const reason = cause instanceof Error && "code" in cause ? String(cause.code) : String(cause);
    return {
      lab: undefined,
      diagnostics: [
        {
          file,
          line: 1,
          column: 1,
          path: formatPath([]),
          message: `cannot read the file (${reason})`,
          severity: "error",
        },
      ],
    };
  }
  return loadLabText(text, file);
}

/** The lab in `file`, or a ConfigError holding every diagnostic. */
export function requireLab(file: string): Lab {
  const { lab, diagnostics } = loadLab(file);
  if (lab === undefined) throw new ConfigError(diagnostics);
  return lab;
}
