export type * from "../generated/appliance-config.ts";
export { type DeepReadonly, mutableCopy } from "./deep-readonly.ts";
export type { ConfigProblem, ConfigResult } from "./validate.ts";
export { applianceConfigSchema, parseApplianceConfig, validateApplianceConfig } from "./validate.ts";
