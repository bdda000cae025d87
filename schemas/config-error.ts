// The typed error thrown when a lab file has errors.
import { type Diagnostic, formatDiagnostic } from "./diagnostic.ts";

export class ConfigError extends Error {
  override name = "ConfigError";
  readonly diagnostics: Diagnostic[];
  /** The first error's file, path, line and column. */
  readonly file: string;
  readonly path: string;
  readonly line: number;
  readonly column: number;

  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    const first = errors[0] ?? diagnostics[0];
    const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
    super([`invalid lab (${count}):`, ...errors.map(formatDiagnostic)].join("\n"));
    this.diagnostics = diagnostics;
    this.file = first?.file ?? "";
    this.path = first?.path ?? "";
    this.line = first?.line ?? 0;
    this.column = first?.column ?? 0;
  }
}
