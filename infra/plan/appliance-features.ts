// Lab → the appliance config's call features: IVR menus, ring groups, conferences, voicemail
// boxes (with their PINs), music on hold, and each extension's ring timeout and no-answer rule.
// The greetings stay text: the appliance speaks them with espeak-ng when it applies the config.
import type { ApplianceConfig, Destination, IvrMenu, Prompt } from "../../schemas/appliance-config/index.ts";
import type { Lab } from "../../schemas/index.ts";
import { secretValue } from "./appliance-missing-secret.ts";

type LabDestination = Lab["ivrMenus"][number]["options"][string] extends infer O
  ? O extends { destination: infer D }
    ? D
    : never
  : never;

/** The lab's `{ extension: "101" }`-style destination, as the appliance's (same shape). */
function destination(d: LabDestination): Destination {
  return { ...d } as Destination;
}

function prompt(g: { say: string } | { file: string }): Prompt {
  return "say" in g ? { say: g.say } : { file: g.file };
}

function menu(m: Lab["ivrMenus"][number]): IvrMenu {
  const options: IvrMenu["options"] = {};
  for (const [digits, o] of Object.entries(m.options)) {
    if (o) options[digits] = { destination: destination(o.destination), hidden: o.hidden ?? false };
  }
  const out: IvrMenu = {
    name: m.name,
    greeting: prompt(m.greeting),
    options,
    firstDigitTimeoutSeconds: m.firstDigitTimeout,
    interDigitTimeoutSeconds: m.interDigitTimeout ?? 3,
    retries: m.retries,
    dialByExtension: m.dialByExtension ?? false,
  };
  if (m.number !== undefined) out.number = m.number;
  if (m.onInvalid) out.onInvalid = destination(m.onInvalid);
  if (m.onTimeout) out.onTimeout = destination(m.onTimeout);
  if (m.hours) {
    const [first, ...rest] = m.hours.weekly.map((w) => ({ days: w.days, from: w.from, to: w.to }));
    out.hours = {
      weekly: [first!, ...rest],
      holidays: [...m.hours.holidays],
      afterHours: destination(m.hours.afterHours),
    };
  }
  return out;
}

export type FeatureSections = Pick<
  ApplianceConfig,
  "ivrMenus" | "ringGroups" | "conferences" | "voicemail" | "musicOnHold"
>;

export function planFeatures(lab: Lab, secrets: Readonly<Record<string, string>>): FeatureSections {
  const v = lab.voicemail;
  return {
    ivrMenus: lab.ivrMenus.map(menu),
    ringGroups: lab.ringGroups.map((g) => {
      const out: FeatureSections["ringGroups"][number] = {
        name: g.name,
        number: g.number,
        members: [...g.members],
        strategy: g.strategy,
        ringTimeoutSeconds: g.ringTimeout,
      };
      if (g.onNoAnswer) out.onNoAnswer = destination(g.onNoAnswer);
      return out;
    }),
    conferences: lab.conferences.map((c, i) => {
      const out: FeatureSections["conferences"][number] = {
        number: c.number,
        name: c.name,
        maxParticipants: c.maxParticipants,
      };
      if (c.pin) out.pin = secretValue(secrets, c.pin.secret, `conferences[${i}].pin`);
      return out;
    }),
    voicemail: {
      accessNumber: v.accessNumber,
      maxMessageSeconds: v.maxMessageSeconds,
      maxMessages: v.maxMessages,
      pinLockoutAfter: v.pinLockoutAfter,
      pinLockoutSeconds: 900,
      boxes: lab.extensions.flatMap((e, i) => {
        if (!e.voicemail) return [];
        const box: FeatureSections["voicemail"]["boxes"][number] = {
          number: e.number,
          pin: secretValue(secrets, e.voicemail.pin.secret, `extensions[${i}].voicemail.pin`),
        };
        if (e.voicemail.greeting) box.greeting = prompt(e.voicemail.greeting);
        return [box];
      }),
    },
    musicOnHold:
      "builtin" in lab.musicOnHold ? { builtin: lab.musicOnHold.builtin } : { file: lab.musicOnHold.file },
  };
}

/** An extension's ring timeout and where its unanswered calls go (its own box by default). */
export function extensionCallRules(
  e: Lab["extensions"][number],
): Pick<ApplianceConfig["extensions"][number], "ringTimeoutSeconds" | "onNoAnswer"> {
  const onNoAnswer = e.onNoAnswer
    ? destination(e.onNoAnswer)
    : e.voicemail
      ? { voicemail: e.number }
      : undefined;
  return { ringTimeoutSeconds: e.ringTimeout, ...(onNoAnswer ? { onNoAnswer } : {}) };
}
