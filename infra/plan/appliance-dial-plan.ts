// Lab → the appliance config's `dialPlan`: who may dial what (extension permissions), emergency
// routing and the premium-rate prefixes barred from every extension. The internal numbers come
// from the feature sections (appliance-features.ts).
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
    premiumPrefixes: [...(PREMIUM_PREFIXES[d.countryCode] ?? [])],
    allowPremium: false,
  };
  if (lab.emergency) {
    plan.emergency = { numbers: [...lab.emergency.numbers] };
    if (lab.emergency.trunk !== undefined) plan.emergency.trunk = lab.emergency.trunk;
  }
  return plan;
}
