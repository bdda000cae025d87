// Lab → the appliance config's `dialPlan`: who may dial what (extension permissions), the
// internal numbers, emergency routing and the premium-rate prefixes barred from every extension.
import type { DialPlan } from "../../schemas/appliance-config/index.ts";
import type { Lab } from "../../schemas/index.ts";

/** Premium-rate prefixes by country calling code; NANP's 900 and 976 services by default. */
const PREMIUM_PREFIXES: Readonly<Record<string, readonly string[]>> = { "1": ["1900", "1976"] };

export function planDialPlan(lab: Lab): DialPlan {
  const d = lab.site.dialing;
  const plan: DialPlan = {
    dialing: {
      countryCode: d.countryCode,
      nationalPrefix: d.nationalPrefix,
      internationalPrefix: d.internationalPrefix,
    },
    extensions: lab.extensions.map((e) => ({ number: e.number, permissions: e.permissions })),
    ringGroups: lab.ringGroups.map((g) => ({ name: g.name, number: g.number })),
    ivrMenus: lab.ivrMenus.flatMap((m) => (m.number ? [{ name: m.name, number: m.number }] : [])),
    conferences: lab.conferences.map((c) => ({ number: c.number })),
    voicemailAccessNumber: lab.voicemail.accessNumber,
    mailboxes: lab.extensions.filter((e) => e.voicemail).map((e) => e.number),
    premiumPrefixes: [...(PREMIUM_PREFIXES[d.countryCode] ?? [])],
    allowPremium: false,
  };
  if (lab.emergency) {
    plan.emergency = { numbers: [...lab.emergency.numbers] };
    if (lab.emergency.trunk !== undefined) plan.emergency.trunk = lab.emergency.trunk;
  }
  return plan;
}
