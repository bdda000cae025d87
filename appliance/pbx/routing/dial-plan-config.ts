// What the dial plan needs from the lab model (extensions, ring groups, IVR menus, conferences,
// voicemail access number, trunks' outbound patterns and limits, emergency numbers, dialling
// conventions), plus the premium-rate policy the model leaves at its defaults.
import { type DialingConventions, NANP } from "../blacklist/phone-number.ts";
import { NANP_PREMIUM_PREFIXES, type Permission } from "./number-class.ts";

export interface DialPlanExtension {
  number: string;
  permissions: Permission;
}

export interface DialPlanTrunk {
  name: string;
  /** Outbound dial patterns, tried in order (lab model `trunks[].outbound.patterns`). */
  patterns: readonly string[];
  /** Concurrent calls allowed (lab model `maxCalls`). */
  maxCalls: number;
  /** Outbound calls per sliding hour (lab model `callsPerHour`; undefined: unlimited). */
  callsPerHour?: number;
}

export interface DialPlanConfig {
  dialing: DialingConventions;
  extensions: readonly DialPlanExtension[];
  ringGroups: ReadonlyArray<{ name: string; number: string }>;
  ivrMenus: ReadonlyArray<{ name: string; number: string }>;
  conferences: ReadonlyArray<{ number: string }>;
  /** Number that reaches one's own mailbox (lab model `voicemail.accessNumber`, default `*97`). */
  voicemailAccessNumber?: string;
  /** Extensions that have a mailbox. */
  mailboxes: readonly string[];
  /** Trunks in the order they are tried. */
  trunks: readonly DialPlanTrunk[];
  emergency?: { numbers: readonly string[]; trunk?: string };
  /** Premium-rate prefixes, refused from every extension unless allowPremium. */
  premiumPrefixes: readonly string[];
  allowPremium: boolean;
}

export function dialPlanConfig(c: Partial<DialPlanConfig> = {}): DialPlanConfig {
  return {
    dialing: NANP,
    extensions: [],
    ringGroups: [],
    ivrMenus: [],
    conferences: [],
    voicemailAccessNumber: "*97",
    mailboxes: [],
    trunks: [],
    premiumPrefixes: NANP_PREMIUM_PREFIXES,
    allowPremium: false,
    ...c,
  };
}
