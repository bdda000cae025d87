// What the smoke call of `npm run lab` does, read from the lab file (pure): the PSTN caller dials a
// DID of the trunk; the DID either rings the desk phone's extension itself or enters an IVR menu,
// where the caller keys the option that rings that extension ("13" → 100 in the example).
import type { Destination, Lab } from "../../schemas/index.ts";

export type SmokeRoute =
  | { readonly kind: "extension" }
  | { readonly kind: "ivr"; readonly menu: string; readonly digits: string };

export interface SmokePlan {
  readonly trunk: string;
  /** The number the PSTN caller dials at the provider. */
  readonly did: string;
  readonly route: SmokeRoute;
  /** The extension that must ring: the one whose line is on the desk phone. */
  readonly extension: string;
  readonly deskDevice: { readonly id: string; readonly mac: string };
}

export class SmokePlanError extends Error {
  override name = "SmokePlanError";
}

const extensionOf = (d: Destination): string | undefined => ("extension" in d ? d.extension : undefined);

/** The digits of the menu's option that rings `extension`: announced options first, then the shortest. */
function optionFor(lab: Lab, menu: string, extension: string): string | undefined {
  const found = lab.ivrMenus.find((m) => m.name === menu);
  if (!found) return undefined;
  const matches = Object.entries(found.options)
    .filter(([, o]) => o !== undefined && extensionOf(o.destination) === extension)
    .sort(([a, oa], [b, ob]) => Number(oa!.hidden) - Number(ob!.hidden) || a.length - b.length);
  return matches[0]?.[0];
}

export function smokePlan(lab: Lab): SmokePlan {
  const desk = lab.devices.find((d) => d.type === "desk");
  if (desk?.type !== "desk") throw new SmokePlanError("the lab declares no desk phone to call");
  const extension = lab.extensions.find((e) => e.devices.includes(desk.id))?.number;
  if (!extension) throw new SmokePlanError(`no extension has the desk phone ${desk.id} among its devices`);
  const deskDevice = { id: desk.id, mac: desk.mac };
  // A DID straight to the extension is the simpler path; otherwise one through an IVR menu.
  const candidates = lab.trunks.flatMap((t) => t.dids.map((d) => ({ trunk: t.name, did: d })));
  for (const { trunk, did } of candidates) {
    if (extensionOf(did.destination) === extension)
      return { trunk, did: did.number, route: { kind: "extension" }, extension, deskDevice };
  }
  for (const { trunk, did } of candidates) {
    if (!("ivr" in did.destination)) continue;
    const digits = optionFor(lab, did.destination.ivr, extension);
    if (digits)
      return {
        trunk,
        did: did.number,
        route: { kind: "ivr", menu: did.destination.ivr, digits },
        extension,
        deskDevice,
      };
  }
  throw new SmokePlanError(
    `no DID reaches extension ${extension} (the desk phone's), directly or through one IVR option`,
  );
}

/** One line for people: `DID 15550123 → IVR main → "13" → extension 100 (desk-7821)`. */
export function describeSmokePlan(p: SmokePlan): string {
  const via = p.route.kind === "ivr" ? ` → IVR ${p.route.menu} → "${p.route.digits}"` : "";
  return `DID ${p.did}${via} → extension ${p.extension} (${p.deskDevice.id})`;
}
