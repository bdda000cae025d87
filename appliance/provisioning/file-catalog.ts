// Which file a request names: the file-name conventions of each vendor, and for a name that
// matches none, what the phone probably wanted, for the 404 diagnostic.
import type { DeviceProvisioning, RenderedFile, Vendor } from "./device-provisioning.ts";
import { colonMac, MAC_PATTERN, normalizeMacText } from "./mac-address.ts";
import {
  ciscoMppProductName,
  ciscoSipFileName,
  polycomConfigFileName,
  renderCiscoMpp,
  renderCiscoMppGeneric,
  renderCiscoSip,
  renderGrandstream,
  renderLinphone,
  renderPolycom,
  renderPolycomMaster,
  renderSnom,
  renderYealink,
  renderYealinkCommon,
  snomFileName,
} from "./vendors/index.ts";

/** The file names a device is served under, relative to the path prefix (HTTP) or root (TFTP). */
export function deviceFileNames(d: DeviceProvisioning): string[] {
  const mac = d.mac ?? "";
  switch (d.vendor) {
    case "cisco-mpp":
      return [`${ciscoMppProductName(d.model)}/${mac}.xml`];
    case "cisco-sip":
      return [ciscoSipFileName(mac)];
    case "yealink":
      return [`${mac}.cfg`];
    case "grandstream":
      return [`cfg${mac}.xml`];
    case "polycom":
      return [`${mac}.cfg`, polycomConfigFileName(mac)];
    case "snom":
      return [snomFileName(d.model, mac)];
    case "linphone":
      return [];
  }
}

/** The main file with secrets, rendered for the device. */
export function renderMain(d: DeviceProvisioning): RenderedFile {
  switch (d.vendor) {
    case "cisco-mpp":
      return renderCiscoMpp(d);
    case "cisco-sip":
      return renderCiscoSip(d);
    case "yealink":
      return renderYealink(d);
    case "grandstream":
      return renderGrandstream(d);
    case "polycom":
      return renderPolycom(d);
    case "snom":
      return renderSnom(d);
    case "linphone":
      return renderLinphone(d);
  }
}

export type Resolution =
  /** A device's own file; `secret` files carry its SIP credentials. */
  | {
      readonly kind: "device";
      readonly device: DeviceProvisioning;
      readonly secret: boolean;
      readonly render: () => RenderedFile;
      /** A product name in the path that differs from the device's (served anyway, logged). */
      readonly productMismatch?: string;
    }
  /** A file without secrets that is not tied to one device. */
  | { readonly kind: "shared"; readonly render: () => RenderedFile }
  | { readonly kind: "unknown-mac"; readonly mac: string; readonly vendor: Vendor }
  | { readonly kind: "wrong-vendor"; readonly device: DeviceProvisioning; readonly vendor: Vendor }
  | { readonly kind: "not-provided"; readonly reason: string }
  | { readonly kind: "unknown-name" };

interface Convention {
  readonly vendor: Vendor;
  readonly pattern: RegExp;
  /** Capture group index of the MAC. */
  readonly macGroup: number;
}

const M = MAC_PATTERN;
// Order matters: the more specific names first.
const CONVENTIONS: readonly Convention[] = [
  { vendor: "cisco-mpp", pattern: new RegExp(`^([^/]+)/${M}\\.xml$`, "i"), macGroup: 2 },
  { vendor: "cisco-sip", pattern: new RegExp(`^SEP${M}\\.cnf\\.xml$`, "i"), macGroup: 1 },
  { vendor: "grandstream", pattern: new RegExp(`^cfg${M}\\.xml$`, "i"), macGroup: 1 },
  { vendor: "polycom", pattern: new RegExp(`^${M}-pibx\\.cfg$`, "i"), macGroup: 1 },
  { vendor: "yealink", pattern: new RegExp(`^${M}\\.cfg$`, "i"), macGroup: 1 },
  { vendor: "snom", pattern: new RegExp(`^(?:snom)?([A-Za-z0-9]+)-${M}\\.(?:htm|xml)$`, "i"), macGroup: 2 },
  { vendor: "cisco-mpp", pattern: new RegExp(`^${M}\\.xml$`, "i"), macGroup: 1 },
];

/** Files phones probe for that pibx deliberately does not provide: a 404 with the reason. */
const OPTIONAL_FILES: ReadonlyArray<{ readonly pattern: RegExp; readonly reason: string }> = [
  { pattern: /^(CTL|ITL)\S*\.tlv$/i, reason: "security trust lists (CTL/ITL) are not used by pibx" },
  {
    pattern: /\.cnf\.xml\.sgn$/i,
    reason: "signed 79xx configuration is not used; the plain .cnf.xml is served",
  },
  { pattern: /^(XMLDefault|SEPDefault)\.cnf\.xml$/i, reason: "pibx serves per-phone SEP<MAC>.cnf.xml files" },
  { pattern: /^0{12}\.cfg$/, reason: "Polycom's default master file; pibx serves <mac>.cfg per phone" },
  {
    pattern: new RegExp(
      `^${MAC_PATTERN}-(local\\.cfg|contact\\.xml|phone\\.cfg|web\\.cfg|directory\\.xml|app\\.log|boot\\.log)$`,
      "i",
    ),
    reason: "phone-side overrides, directories and logs are not provided (uploads are not accepted)",
  },
  {
    pattern: /^(y\d{12}|[0-9a-f]{12})\.boot$/i,
    reason: "Yealink boot files are not used; the .cfg files are served",
  },
];

export interface CatalogOptions {
  /** The option-160 URL, given to factory-new Cisco MPP phones that ask for `$PSN.xml`. */
  readonly ciscoMppProfileUrl: string;
}

export class FileCatalog {
  private readonly byMac = new Map<string, DeviceProvisioning>();

  constructor(
    readonly devices: readonly DeviceProvisioning[],
    private readonly options: CatalogOptions,
  ) {
    for (const d of devices) if (d.mac) this.byMac.set(d.mac, d);
  }

  deviceById(id: string): DeviceProvisioning | undefined {
    return this.devices.find((d) => d.id === id);
  }

  /** Resolves a name relative to the prefix, e.g. `CP-7821-3PCC/001b54aabbcc.xml`. */
  resolve(name: string): Resolution {
    if (/^y\d{12}\.cfg$/i.test(name)) {
      const any = this.devices.find((d) => d.vendor === "yealink");
      return any ? { kind: "shared", render: () => renderYealinkCommon(any) } : { kind: "unknown-name" };
    }
    if (this.isCiscoMppGenericName(name)) {
      const url = this.options.ciscoMppProfileUrl;
      return { kind: "shared", render: () => renderCiscoMppGeneric(url) };
    }
    if (new RegExp(`^cfg${M}$`, "i").test(name)) {
      return {
        kind: "not-provided",
        reason: "the legacy binary Grandstream format; pibx serves cfg<mac>.xml",
      };
    }
    const optional = OPTIONAL_FILES.find((o) => o.pattern.test(name));
    if (optional) return { kind: "not-provided", reason: optional.reason };
    for (const c of CONVENTIONS) {
      const m = c.pattern.exec(name);
      if (!m) continue;
      const mac = normalizeMacText(m[c.macGroup]!);
      if (mac === undefined) continue;
      const device = this.byMac.get(mac);
      if (device === undefined) return { kind: "unknown-mac", mac, vendor: c.vendor };
      return this.forDevice(device, c, m);
    }
    return { kind: "unknown-name" };
  }

  private forDevice(device: DeviceProvisioning, c: Convention, m: RegExpExecArray): Resolution {
    // `<mac>.cfg` is Yealink's main file and Polycom's master file.
    if (c.vendor === "yealink" && device.vendor === "polycom") {
      return { kind: "device", device, secret: false, render: () => renderPolycomMaster(device) };
    }
    // `<mac>.xml` is a Cisco MPP profile-rule name and snom's settings file.
    if (c.vendor === "cisco-mpp" && c.macGroup === 1 && device.vendor === "snom") {
      return { kind: "device", device, secret: true, render: () => renderSnom(device) };
    }
    if (c.vendor !== device.vendor) return { kind: "wrong-vendor", device, vendor: c.vendor };
    if (c.vendor === "cisco-mpp" && c.macGroup === 2) {
      const pn = m[1]!;
      const expected = ciscoMppProductName(device.model);
      const productMismatch = pn.toUpperCase() === expected ? undefined : pn;
      return {
        kind: "device",
        device,
        secret: true,
        render: () => renderCiscoMpp(device),
        ...(productMismatch ? { productMismatch } : {}),
      };
    }
    return { kind: "device", device, secret: true, render: () => renderMain(device) };
  }

  /**
   * The file a factory-new MPP phone asks the option 150/66 server for with its default
   * Profile_Rule `/$PSN.xml`: `$PN.xml` (`CP-7821-3PCC.xml`) or the series number of a Cisco MPP
   * device of the lab (`7821.xml`); the Administration Guides' examples of $PSN differ by series.
   */
  private isCiscoMppGenericName(name: string): boolean {
    if (/^cp-[0-9a-z]+-3pcc\.xml$/i.test(name)) return true;
    const m = /^([0-9a-z]{3,6})\.xml$/i.exec(name);
    return (
      m !== null &&
      this.devices.some((d) => d.vendor === "cisco-mpp" && d.model.toLowerCase() === m[1]!.toLowerCase())
    );
  }

  /**
   * A known device whose MAC differs from mac in at most two hex digits: most likely a typo in
   * lab.yaml (or on the label), worth naming in the 404 diagnostic.
   */
  nearestMac(mac: string): { device: DeviceProvisioning; digits: number } | undefined {
    let best: { device: DeviceProvisioning; digits: number } | undefined;
    for (const d of this.devices) {
      if (d.mac === undefined) continue;
      let digits = 0;
      for (let i = 0; i < 12; i++) if (d.mac[i] !== mac[i]) digits++;
      if (digits <= 2 && (best === undefined || digits < best.digits)) best = { device: d, digits };
    }
    return best;
  }

  /** `desk-7821 00:1b:54:aa:bb:cc at /prov/CP-7821-3PCC/001b54aabbcc.xml` for each desk phone. */
  describeKnown(prefix: string): string {
    const entries = this.devices
      .filter((d) => d.mac !== undefined)
      .map(
        (d) =>
          `${d.id} ${colonMac(d.mac!)} at ${deviceFileNames(d)
            .map((f) => `${prefix}/${f}`)
            .join(", ")}`,
      );
    return entries.length > 0 ? entries.join("; ") : "no desk phones";
  }
}
