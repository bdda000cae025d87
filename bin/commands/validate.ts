// pibx validate <lab.yaml>: every problem of the lab, one per line; exit 1 on any error.
import { formatDiagnostic, type Lab, loadLab } from "../../schemas/index.ts";
import { type Command, usageExitCode } from "./command.ts";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function summarize(lab: Lab): string {
  return [
    plural(lab.extensions.length, "extension"),
    plural(lab.devices.length, "device"),
    plural(lab.trunks.length, "trunk"),
    plural(lab.ivrMenus.length, "IVR menu"),
  ].join(", ");
}

export const validateCommand: Command = {
  name: "validate",
  summary: "check a lab file: schema and semantic checks, every problem at once",
  usage: "<lab.yaml>",
  async run(args, io) {
    const [file, ...rest] = args;
    if (file === undefined || rest.length > 0) {
      io.stderr(`usage: pibx validate ${this.usage}`);
      return usageExitCode;
    }
    const { lab, diagnostics } = loadLab(file);
    for (const d of diagnostics) io.stderr(formatDiagnostic(d));
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const warnings = diagnostics.length - errors;
    if (lab === undefined) {
      io.stderr(
        `${file}: ${plural(errors, "error")}${warnings > 0 ? `, ${plural(warnings, "warning")}` : ""}`,
      );
      return 1;
    }
    const withWarnings = warnings > 0 ? ` with ${plural(warnings, "warning")}` : "";
    io.stdout(`${file}: valid${withWarnings} (${summarize(lab)})`);
    return 0;
  },
};
