// The lab model: the types of lab.yaml, and loading it with every problem pointed at its line.

export { ConfigError } from "./config-error.ts";
export { type Diagnostic, formatDiagnostic } from "./diagnostic.ts";
export type * from "./generated/lab.ts";
export type { Lab } from "./generated/lab.ts";
export { loadLab, loadLabText, requireLab } from "./load-lab.ts";
