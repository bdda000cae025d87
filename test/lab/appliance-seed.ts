// The first config of the lab's Pi, before `pulumi up` pushes the real one: what a user drops on the
// boot partition as pibx-seed.json (images/README.md). It is the lab's own derived config
// (the provider's renderer), so the push only changes secrets and never listen addresses, which a
// reload cannot move. The secrets `pulumi up` generates are not known yet: throwaway random values
// stand in for them; the ones the lab run knows (the trunk's) are given, so the trunk registers
// from the start instead of failing digest auth at the provider until the push.
import { randomBytes, randomInt } from "node:crypto";
import { planSecrets } from "../../infra/plan/secrets.ts";
import { renderApplianceDocument } from "../../infra/providers/appliance-document.ts";
import type { Lab } from "../../schemas/index.ts";

export function placeholderSecrets(
  lab: Lab,
  known: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    planSecrets(lab.secrets, lab).map((s) => {
      const value =
        known[s.name] ??
        (s.source.kind === "generate" && s.source.charset === "pin"
          ? Array.from({ length: s.source.length }, () => String(randomInt(10))).join("")
          : randomBytes(18).toString("base64url"));
      return [s.name, value];
    }),
  );
}

/** The config text (JSON) of the seed. */
export function seedDocument(lab: Lab, known: Readonly<Record<string, string>>): string {
  return renderApplianceDocument(lab, placeholderSecrets(lab, known));
}
