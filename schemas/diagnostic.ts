// A problem found in a lab file, pointing at a line and column.

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  /** Where in the lab: `extensions[0].voicemail.pin`, or `(root)`. */
  path: string;
  message: string;
  severity: "error" | "warning";
}

/** `file:line:column: path: message`, or `file:line:column: warning: path: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.column}`;
  return d.severity === "warning"
    ? `${where}: warning: ${d.path}: ${d.message}`
    : `${where}: ${d.path}: ${d.message}`;
}

/** Sorted by position (then message), without repeats. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = formatDiagnostic(d);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(d);
  }
  return unique.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.path.localeCompare(b.path) ||
      a.message.localeCompare(b.message),
  );
}
