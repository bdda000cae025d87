// Reading the appliance's config file: JSON validated against appliance-config.schema.json.
// An invalid file is rejected whole, with one `file:path: message` line per problem; nothing in
// it is applied (on SIGHUP the running system keeps its last good config).
import { readFileSync } from "node:fs";
import { type ApplianceConfig, parseApplianceConfig } from "../../schemas/appliance-config/index.ts";
import { ConfigError } from "../base/index.ts";

/** Every problem of a rejected config file. */
export class ConfigFileError extends ConfigError {
  override name = "ConfigFileError";
  constructor(
    readonly file: string,
    readonly problems: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(problems.map((p) => `${file}:${p.path}: ${p.message}`).join("\n"), problems[0]?.path ?? "(root)");
    this.message = this.lines.join("\n");
  }

  /** `file:path: message`, one per problem. */
  get lines(): string[] {
    return this.problems.map((p) => `${this.file}:${p.path}: ${p.message}`);
  }
}

export function loadConfigFile(file: string): ApplianceConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigFileError(file, [
      { path: "(file)", message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? "error"}` },
    ]);
  }
  const result = parseApplianceConfig(text);
  if (!result.ok) throw new ConfigFileError(file, result.problems);
  return result.config;
}
