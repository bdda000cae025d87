export type { AppDeps } from "./answered-leg.ts";
export { AnsweredLeg } from "./answered-leg.ts";
export type { FeatureAppsOptions, FeatureSettings } from "./feature-apps.ts";
export { FeatureApps } from "./feature-apps.ts";
export type { LegInputEvents, LegInputOptions } from "./leg-input.ts";
export { LegInput } from "./leg-input.ts";
export type { LegPlayerOptions } from "./leg-player.ts";
export { LegPlayer } from "./leg-player.ts";
