// The B2BUA's settings from the appliance config. The config has no conference, ring-timeout or
// music-on-hold settings yet: no meet-me rooms, the PBX's default ring timeout, and a generated
// music-on-hold file in the state dir.
import type { ApplianceConfig } from "../../schemas/appliance-config/index.ts";
import { ExtensionRouter } from "../pbx/calls/index.ts";
import type { PbxConfig } from "../pbx/pbx.ts";
import { ensureMusicOnHoldFile } from "./music-on-hold-file.ts";

function extensionsOf(c: ApplianceConfig): PbxConfig["extensions"] {
  return c.extensions.map((e) => ({ number: e.number, ...(e.name ? { displayName: e.name } : {}) }));
}

export function pbxConfig(c: ApplianceConfig, stateDir: string): PbxConfig {
  return {
    domain: c.site.domain,
    extensions: extensionsOf(c),
    conferences: [],
    musicOnHoldFile: ensureMusicOnHoldFile(stateDir),
  };
}

/** Which extensions ring (rebuilt on reload, so a new extension can be called at once). */
export function extensionRouter(c: ApplianceConfig): ExtensionRouter {
  return new ExtensionRouter(extensionsOf(c));
}
