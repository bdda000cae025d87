// The PBX's settings from the appliance config: the routing table (extensions with their ring
// timeout and no-answer rule, ring groups, IVR menus, rooms, boxes), what the features read
// (menus, PINs, time zone), the prompts to render, and music on hold.
import type { ApplianceConfig } from "../../schemas/appliance-config/index.ts";
import type { FeatureSettings } from "../pbx/apps/index.ts";
import { type Destination, PbxRouter, toDestination } from "../pbx/calls/index.ts";
import { ivrMenuFromConfig } from "../pbx/ivr/index.ts";
import type { PbxConfig } from "../pbx/pbx.ts";
import type { PromptSet } from "../prompts/index.ts";
import { ensureMusicOnHoldFile } from "./music-on-hold-file.ts";

const seconds = (s: number) => s * 1000;

function destination(d: unknown): Destination | undefined {
  return d === undefined ? undefined : toDestination(d);
}

export function pbxConfig(c: ApplianceConfig, stateDir: string): PbxConfig {
  const moh = c.musicOnHold;
  const musicOnHoldFile =
    "file" in moh ? moh.file : moh.builtin === "default" ? ensureMusicOnHoldFile(stateDir) : undefined;
  return {
    domain: c.site.domain,
    extensions: c.extensions.map((e) => ({ number: e.number, ...(e.name ? { displayName: e.name } : {}) })),
    conferences: c.conferences.map((r) => ({ number: r.number, ...(r.pin ? { pin: r.pin } : {}) })),
    ...(musicOnHoldFile ? { musicOnHoldFile } : {}),
  };
}

/** Where numbers and destinations lead (rebuilt on reload: new extensions ring at once). */
export function routingTable(c: ApplianceConfig): PbxRouter {
  return new PbxRouter({
    extensions: c.extensions.map((e) => {
      const onNoAnswer = destination(e.onNoAnswer);
      return {
        number: e.number,
        ...(e.name ? { displayName: e.name } : {}),
        ringTimeoutMs: seconds(e.ringTimeoutSeconds),
        ...(onNoAnswer ? { onNoAnswer } : {}),
      };
    }),
    ringGroups: c.ringGroups.map((g) => {
      const onNoAnswer = destination(g.onNoAnswer);
      return {
        name: g.name,
        number: g.number,
        members: g.members,
        sequential: g.strategy === "sequential",
        ringTimeoutMs: seconds(g.ringTimeoutSeconds),
        ...(onNoAnswer ? { onNoAnswer } : {}),
      };
    }),
    ivrMenus: c.ivrMenus.map((m) => ({ name: m.name, ...(m.number ? { number: m.number } : {}) })),
    rooms: c.conferences.map((r) => r.number),
    mailboxes: c.voicemail.boxes.map((b) => b.number),
    voicemailAccessNumber: c.voicemail.accessNumber,
  });
}

export function featureSettings(c: ApplianceConfig): FeatureSettings {
  return {
    menus: c.ivrMenus.map(ivrMenuFromConfig),
    extensions: c.extensions.map((e) => e.number),
    timeZone: c.site.timezone,
    locale: c.site.locale,
    pins: new Map(c.voicemail.boxes.map((b) => [b.number, b.pin])),
    maxMessageSeconds: c.voicemail.maxMessageSeconds,
  };
}

/** Everything spoken: the menus' greetings and each box's (its own, or naming its owner). */
export function promptSet(c: ApplianceConfig): PromptSet {
  const names = new Map(c.extensions.map((e) => [e.number, e.name]));
  return {
    locale: c.site.locale,
    menus: c.ivrMenus.map((m) => ({ name: m.name, greeting: m.greeting })),
    boxes: c.voicemail.boxes.map((b) => {
      const ownerName = names.get(b.number);
      return {
        number: b.number,
        ...(ownerName ? { ownerName } : {}),
        ...(b.greeting ? { greeting: b.greeting } : {}),
      };
    }),
  };
}
