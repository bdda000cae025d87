export { blacklistOf, dialingOf, dialPlanOf, trunkSettingsOf } from "./call-settings.ts";
export { ConfigFileError, loadConfigFile } from "./load-config.ts";
export {
  describeConfig,
  digestAlgorithms,
  protectionSettings,
  realmOf,
  registrarSettings,
  userSecrets,
} from "./runtime-settings.ts";
