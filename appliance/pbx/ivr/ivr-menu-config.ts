// The IVR's typed menu configuration: the appliance config's IvrMenu with times in milliseconds
// and the greeting reduced to a prompt item (rendered when the config is applied).
import type { IvrMenu as ConfigMenu } from "../../../schemas/appliance-config/index.ts";
import type { BusinessHours, Destination } from "../../../schemas/generated/lab.ts";
import { ivrGreetingPromptId } from "../../prompts/prompt-ids.ts";
import type { PromptItem } from "../../prompts/prompt-player.ts";
import { toDestination } from "../calls/destination.ts";

export type { BusinessHours, Destination };

export interface IvrOptionConfig {
  destination: Destination;
  /** Works but is not announced. */
  hidden: boolean;
  description?: string;
}

export interface IvrMenuConfig {
  name: string;
  greeting: PromptItem;
  /** Digit strings (may be prefixes of each other) to options. */
  options: Readonly<Record<string, IvrOptionConfig>>;
  firstDigitTimeoutMs: number;
  /** Wait for a further digit when the digits so far could still grow into another option. */
  interDigitTimeoutMs: number;
  /** Times the greeting is repeated after an invalid entry or a timeout. */
  retries: number;
  onInvalid?: Destination;
  onTimeout?: Destination;
  dialByExtension: boolean;
  hours?: BusinessHours;
}

/** The prompt id of a menu's greeting when spoken from text (see prompts/prompt-library.ts). */
export const menuGreetingPromptId = ivrGreetingPromptId;

/** The options a greeting may announce (hidden ones excluded), in digit order. */
export function announcedOptions(menu: IvrMenuConfig): string[] {
  return Object.keys(menu.options)
    .filter((d) => !menu.options[d]!.hidden)
    .sort();
}

/** The destination of an IVR option or fallback from the appliance config (one key, checked). */
function menuDestination(d: unknown): Destination | undefined {
  const x = toDestination(d);
  return x && !("mailboxAccess" in x) ? (x as Destination) : undefined;
}

/** Converts a menu of the appliance config (times already in seconds, greeting by prompt id). */
export function ivrMenuFromConfig(menu: ConfigMenu): IvrMenuConfig {
  const options: Record<string, IvrOptionConfig> = {};
  for (const [digits, opt] of Object.entries(menu.options)) {
    const destination = opt && menuDestination(opt.destination);
    if (destination) options[digits] = { destination, hidden: opt.hidden ?? false };
  }
  const onInvalid = menuDestination(menu.onInvalid);
  const onTimeout = menuDestination(menu.onTimeout);
  const afterHours = menu.hours && menuDestination(menu.hours.afterHours);
  return {
    name: menu.name,
    greeting: "say" in menu.greeting ? menuGreetingPromptId(menu.name) : { file: menu.greeting.file },
    options,
    firstDigitTimeoutMs: menu.firstDigitTimeoutSeconds * 1000,
    interDigitTimeoutMs: menu.interDigitTimeoutSeconds * 1000,
    retries: menu.retries,
    ...(onInvalid ? { onInvalid } : {}),
    ...(onTimeout ? { onTimeout } : {}),
    dialByExtension: menu.dialByExtension,
    ...(menu.hours && afterHours
      ? {
          hours: {
            weekly: menu.hours.weekly as BusinessHours["weekly"],
            holidays: [...menu.hours.holidays],
            afterHours,
          },
        }
      : {}),
  };
}
