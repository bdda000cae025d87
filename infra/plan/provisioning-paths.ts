// Where each desk phone finds its file: the file-name conventions of each firmware, relative to
// the provisioning path prefix (HTTP) or the TFTP root. The appliance resolves the same names
// (appliance/provisioning/file-catalog.ts); test/provisioning checks that both agree.
import type { DeskPhone } from "../../schemas/index.ts";

/** `$PN` of Cisco MPP firmware: model 7821 → `CP-7821-3PCC`. */
export function ciscoMppProductName(model: string): string {
  return `CP-${model
    .toUpperCase()
    .replace(/^CP-/, "")
    .replace(/-3PCC$/, "")}-3PCC`;
}

/**
 * The names a phone asks for, `mac` as 12 lowercase hex digits:
 * - cisco-mpp: `$PN/$MA.xml` (the option-160 URL; $MA lower-case hex without separators);
 * - cisco-sip (79xx): `SEP<MAC upper-case>.cnf.xml`;
 * - yealink: `<mac>.cfg` (plus the common `y0000000000xx.cfg`, served to any Yealink);
 * - grandstream: `cfg<mac>.xml`;
 * - polycom: the master file `<mac>.cfg`, which names `<mac>-pibx.cfg`;
 * - snom: `snom<model>-<MAC upper-case>.htm`.
 */
export function deskPhoneFileNames(vendor: DeskPhone["vendor"], model: string, mac: string): string[] {
  switch (vendor) {
    case "cisco-mpp":
      return [`${ciscoMppProductName(model)}/${mac}.xml`];
    case "cisco-sip":
      return [`SEP${mac.toUpperCase()}.cnf.xml`];
    case "yealink":
      return [`${mac}.cfg`];
    case "grandstream":
      return [`cfg${mac}.xml`];
    case "polycom":
      return [`${mac}.cfg`, `${mac}-pibx.cfg`];
    case "snom":
      return [`snom${model.replace(/\s+/g, "").replace(/^snom/i, "")}-${mac.toUpperCase()}.htm`];
  }
}

/**
 * The file the device's own resync URL names (after `/d/<token>/`); Cisco MPP keeps the `$PN`
 * and `$MA` macros, which the phone expands, like in option 160.
 */
export function resyncFileName(vendor: DeskPhone["vendor"], model: string, mac: string): string {
  if (vendor === "cisco-mpp") return "$PN/$MA.xml";
  return deskPhoneFileNames(vendor, model, mac)[0]!;
}
