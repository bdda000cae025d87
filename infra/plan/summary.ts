// A readable summary of what the lab declares: the extensions, the devices that ring for them,
// the trunks with their DIDs, and the IVR menus. Names and numbers only, never secret values.
import type { Device, Extension, IvrMenu, Lab, Trunk } from "../../schemas/index.ts";
import { describeDestination } from "./destination.ts";

export interface ExtensionSummary {
  number: string;
  name: string;
  devices: string[];
  voicemail: boolean;
  permissions: Extension["permissions"];
}

export interface DeviceSummary {
  id: string;
  type: Device["type"];
  /** `cisco-mpp 7821` for a desk phone, `linphone` for a softphone. */
  model: string;
  /** Extensions that ring on this device. */
  extensions: string[];
}

export interface TrunkSummary {
  name: string;
  server: string;
  register: boolean;
  dids: Array<{ number: string; destination: string }>;
}

export interface IvrMenuSummary {
  name: string;
  number: string | undefined;
  /** Digits to destination, hidden options marked: `{ "9": "extension 102 (hidden)" }`. */
  options: Record<string, string>;
}

export interface LabSummary {
  site: string;
  extensions: ExtensionSummary[];
  devices: DeviceSummary[];
  trunks: TrunkSummary[];
  ivrMenus: IvrMenuSummary[];
}

export function summarizeExtensions(extensions: readonly Extension[]): ExtensionSummary[] {
  return extensions.map((e) => ({
    number: e.number,
    name: e.name,
    devices: [...e.devices],
    voicemail: e.voicemail !== undefined,
    permissions: e.permissions,
  }));
}

export function summarizeDevices(
  devices: readonly Device[],
  extensions: readonly Extension[],
): DeviceSummary[] {
  return devices.map((d) => ({
    id: d.id,
    type: d.type,
    model: d.type === "desk" ? `${d.vendor} ${d.model}` : d.app,
    extensions: extensions.filter((e) => e.devices.includes(d.id)).map((e) => e.number),
  }));
}

export function summarizeTrunks(trunks: readonly Trunk[]): TrunkSummary[] {
  return trunks.map((t) => ({
    name: t.name,
    server: `${t.transport}:${t.host}:${t.port}`,
    register: t.register,
    dids: t.dids.map((d) => ({ number: d.number, destination: describeDestination(d.destination) })),
  }));
}

export function summarizeIvrMenus(menus: readonly IvrMenu[]): IvrMenuSummary[] {
  return menus.map((m) => {
    const options: Record<string, string> = {};
    for (const [digits, option] of Object.entries(m.options).sort(([a], [b]) => a.localeCompare(b))) {
      if (!option) continue;
      options[digits] = describeDestination(option.destination) + (option.hidden ? " (hidden)" : "");
    }
    return { name: m.name, number: m.number, options };
  });
}

export function summarizeLab(
  lab: Pick<Lab, "site" | "extensions" | "devices" | "trunks" | "ivrMenus">,
): LabSummary {
  return {
    site: lab.site.name,
    extensions: summarizeExtensions(lab.extensions),
    devices: summarizeDevices(lab.devices, lab.extensions),
    trunks: summarizeTrunks(lab.trunks),
    ivrMenus: summarizeIvrMenus(lab.ivrMenus),
  };
}
