// What a semantic check reports: a path into the lab (positions are found later, from the YAML).
import type { LabPath } from "../load/path.ts";

export interface Finding {
  readonly path: LabPath;
  readonly message: string;
  readonly severity: "error" | "warning";
  /** Point at the key of the last path segment rather than its value. */
  readonly atKey?: boolean;
}

export function error(path: LabPath, message: string): Finding {
  return { path, message, severity: "error" };
}

export function warning(path: LabPath, message: string): Finding {
  return { path, message, severity: "warning" };
}
