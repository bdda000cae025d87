// Provisioning, derived from the Lab (pure): which device gets which file at which paths with
// which credentials, the option-160 URL the router hands out, and the provisioning config
// pushed to the appliance. Secret values come in as arguments (Pulumi config/state); the
// provisioning's own secrets (device tokens, onboarding key) are made by provisioning-secrets.ts
// from injected randomness.
import { dscpValue } from "../../schemas/checks/dscp.ts";
import { normalizeMac } from "../../schemas/checks/mac-addresses.ts";
import { provisioningOptions } from "../../schemas/checks/provisioning-options.ts";
import type { Device, Extension, Lab } from "../../schemas/index.ts";
import { formatCidr, formatIpv4, parseCidr } from "../../schemas/net/ipv4.ts";
import { deskPhoneFileNames, resyncFileName } from "./provisioning-paths.ts";
import { timeZoneRule } from "./provisioning-time-zone.ts";
import type {
  DeviceAccessSecret,
  PlannedDevice,
  PlannedKey,
  PlannedLine,
  PlannedProvisionedDevice,
  PlannedProvisioningConfig,
} from "./provisioning-types.ts";

export * from "./provisioning-paths.ts";
export { type ProvisioningSecrets, provisioningSecrets } from "./provisioning-secrets.ts";
export { timeZoneRule } from "./provisioning-time-zone.ts";
export type * from "./provisioning-types.ts";

/** A secret value the plan needs was not given. */
export class MissingSecretError extends Error {
  override name = "MissingSecretError";
  constructor(
    readonly secret: string,
    readonly usedBy: string,
  ) {
    super(`secret "${secret}" (needed by ${usedBy}) has no value`);
  }
}

export interface ProvisioningInputs {
  /** Values of the lab's secrets, by name. */
  readonly secrets: Readonly<Record<string, string>>;
  /** One entry per device listed by {@link devicesNeedingAccess}. */
  readonly deviceAccess: Readonly<Record<string, DeviceAccessSecret>>;
  /** Base64 HMAC key shared with the appliance, signing onboarding tokens. */
  readonly onboardingKey: string;
  /** Year whose daylight-saving dates are read from the tz data (the rules repeat). */
  readonly year: number;
}

/** What a device is served where: for `pulumi up` outputs. No secrets. */
export interface DeviceFiles {
  readonly deviceId: string;
  readonly vendor: PlannedDevice["vendor"];
  readonly mac: string | undefined;
  readonly httpUrls: string[];
  /** Names for phones that fetch over TFTP (option 150/66). */
  readonly tftpNames: string[];
}

export interface ProvisioningPlan {
  /** The option-160 URL (`http://172.16.0.10/prov/$PN/$MA.xml`). */
  readonly option160Url: string;
  readonly files: DeviceFiles[];
  readonly config: PlannedProvisioningConfig;
}

/** Resync interval given to every phone. */
export const RESYNC_SECONDS = 3600;
/** RTP payload type for RFC 4733 telephone-events. */
export const DTMF_PAYLOAD_TYPE = 101;

function applianceHost(lab: Lab): string {
  const lan = lab.appliance.lan;
  return "address" in lan ? formatIpv4(parseCidr(lan.address)!.address) : lab.appliance.hostname;
}

/** `http://172.16.0.10` (with `:port` unless 80). */
export function provisioningBaseUrl(lab: Lab): string {
  const port = lab.appliance.provisioning.httpPort;
  return `http://${applianceHost(lab)}${port === 80 ? "" : `:${port}`}`;
}

function pathPrefix(lab: Lab): string {
  return lab.appliance.provisioning.pathPrefix.replace(/\/+$/, "");
}

/** The option-160 URL: the first DHCP pool's (written or derived), else the derived one. */
export function option160Url(lab: Lab): string {
  const pool = lab.network.labRouter?.dhcpPools[0];
  const fromPool = pool ? provisioningOptions(lab.appliance, pool)?.provisioningUrl : undefined;
  return fromPool ?? `${provisioningBaseUrl(lab)}${pathPrefix(lab)}/$PN/$MA.xml`;
}

/** Desk phones: each needs a URL token and a digest password (softphones use one-time tokens). */
export function devicesNeedingAccess(lab: Pick<Lab, "devices">): string[] {
  return lab.devices.filter((d) => d.type === "desk").map((d) => d.id);
}

/** The files each desk phone is served, with their URLs. */
export function provisioningFiles(lab: Lab): DeviceFiles[] {
  const base = `${provisioningBaseUrl(lab)}${pathPrefix(lab)}`;
  return lab.devices.flatMap((d): DeviceFiles[] => {
    if (d.type !== "desk") return [];
    const mac = normalizeMac(d.mac)!;
    const names = deskPhoneFileNames(d.vendor, d.model, mac);
    return [
      { deviceId: d.id, vendor: d.vendor, mac, httpUrls: names.map((n) => `${base}/${n}`), tftpNames: names },
    ];
  });
}

/** Internal numbers of one length become `XXX`; outbound and emergency patterns are kept. */
export function dialPlan(lab: Lab): string[] {
  const internal = [
    ...lab.extensions.map((e) => e.number),
    ...lab.ringGroups.map((g) => g.number),
    ...lab.conferences.map((c) => c.number),
    ...lab.ivrMenus.flatMap((m) => (m.number ? [m.number] : [])),
  ];
  const out: string[] = [];
  const add = (p: string) => {
    if (!out.includes(p)) out.push(p);
  };
  for (const n of internal) add(/^\d+$/.test(n) ? "X".repeat(n.length) : n);
  add(lab.voicemail.accessNumber);
  for (const n of lab.emergency?.numbers ?? []) add(n);
  for (const t of lab.trunks) for (const p of t.outbound.patterns) add(p);
  return out;
}

function secretValue(inputs: ProvisioningInputs, name: string, usedBy: string): string {
  const v = inputs.secrets[name];
  if (v === undefined) throw new MissingSecretError(name, usedBy);
  return v;
}

function lineFor(
  e: Extension,
  index: number,
  label: string | undefined,
  inputs: ProvisioningInputs,
): PlannedLine {
  return {
    index,
    extension: e.number,
    displayName: e.name,
    label: label ?? e.name,
    authUser: e.number,
    password: secretValue(inputs, e.password.secret, `extension ${e.number}`),
  };
}

function linesAndKeys(
  lab: Lab,
  d: Device,
  inputs: ProvisioningInputs,
): { lines: PlannedLine[]; keys: PlannedKey[] } {
  const bound = lab.extensions.filter((e) => e.devices.includes(d.id));
  const byNumber = new Map(lab.extensions.map((e) => [e.number, e]));
  if (d.type !== "desk" || d.lineKeys === undefined) {
    return { lines: bound.map((e, i) => lineFor(e, i + 1, undefined, inputs)), keys: [] };
  }
  // Line appearances take the top keys, in the order written; BLF and speed dials follow.
  const lines: PlannedLine[] = [];
  for (const k of d.lineKeys) {
    if (!("line" in k)) continue;
    const e = byNumber.get(k.line);
    if (e) lines.push(lineFor(e, lines.length + 1, k.label, inputs));
  }
  const keys: PlannedKey[] = [];
  for (const k of d.lineKeys) {
    const position = lines.length + keys.length + 1;
    if ("blf" in k) keys.push({ position, kind: "blf", number: k.blf, label: k.label ?? k.blf });
    else if ("speedDial" in k)
      keys.push({ position, kind: "speedDial", number: k.speedDial, label: k.label ?? k.speedDial });
  }
  return { lines, keys };
}

function sipEndpoint(
  lab: Lab,
  transport: "udp" | "tcp" | "tls",
): { transport: "udp" | "tcp" | "tls"; port: number } {
  const sip = lab.appliance.sip;
  if (sip[transport].enabled) return { transport, port: sip[transport].port };
  if (sip.udp.enabled) return { transport: "udp", port: sip.udp.port };
  return { transport: "tcp", port: sip.tcp.port };
}

/** One device's provisioning (the config entry the appliance serves it from). */
export function planDeviceProvisioning(
  lab: Lab,
  d: Device,
  inputs: ProvisioningInputs,
): PlannedProvisionedDevice {
  const { lines, keys } = linesAndKeys(lab, d, inputs);
  const ntp = lab.appliance.image.ntpServers;
  const common = {
    id: d.id,
    stationName: lines[0]?.displayName ?? d.id,
    lines,
    keys,
    dialPlan: dialPlan(lab),
    ntpServers: ntp.length > 0 ? ntp : ["0.debian.pool.ntp.org", "1.debian.pool.ntp.org"],
    timeZone: timeZoneRule(lab.site.timezone, inputs.year),
    dtmfPayloadType: DTMF_PAYLOAD_TYPE,
    voicemailNumber: lab.voicemail.accessNumber,
  };
  const domain = lab.site.domain;
  const host = applianceHost(lab);
  if (d.type === "softphone") {
    const endpoint = sipEndpoint(lab, d.transport ?? "udp");
    return {
      device: {
        ...common,
        vendor: "linphone",
        model: d.app,
        server: { domain, host, ...endpoint },
        dscp: { rtp: dscpValue(lab.appliance.dscp.rtp), sip: dscpValue(lab.appliance.dscp.sip) },
        resync: { url: "", user: d.id, password: "", periodicSeconds: 0 },
      },
      token: "",
      firstContact: "never",
    };
  }
  const access = inputs.deviceAccess[d.id];
  if (access === undefined) throw new MissingSecretError(`deviceAccess.${d.id}`, `device ${d.id}`);
  const mac = normalizeMac(d.mac)!;
  const resyncUrl = `${provisioningBaseUrl(lab)}${pathPrefix(lab)}/d/${access.token}/${resyncFileName(d.vendor, d.model, mac)}`;
  return {
    device: {
      ...common,
      vendor: d.vendor,
      model: d.model,
      mac,
      server: { domain, host, ...sipEndpoint(lab, "udp") },
      dscp: {
        rtp: dscpValue(d.dscp?.rtp ?? lab.appliance.dscp.rtp),
        sip: dscpValue(d.dscp?.sip ?? lab.appliance.dscp.sip),
      },
      resync: { url: resyncUrl, user: d.id, password: access.password, periodicSeconds: RESYNC_SECONDS },
    },
    token: access.token,
    // 79xx SIP firmware re-reads its MAC-named file over TFTP at every boot and cannot be
    // pointed at an authenticated URL.
    firstContact: d.vendor === "cisco-sip" ? "always" : "until-enrolled",
  };
}

/** The lab LAN: the appliance's network and the DHCP pools' networks. */
export function lanPrefixes(lab: Lab): string[] {
  const out = new Set<string>();
  const lan = lab.appliance.lan;
  if ("address" in lan) out.add(formatCidr(parseCidr(lan.address)!));
  for (const pool of lab.network.labRouter?.dhcpPools ?? []) {
    const c = parseCidr(pool.network);
    if (c) out.add(formatCidr(c));
  }
  return [...out];
}

export function planProvisioning(lab: Lab, inputs: ProvisioningInputs): ProvisioningPlan {
  const url = option160Url(lab);
  return {
    option160Url: url,
    files: provisioningFiles(lab),
    config: {
      pathPrefix: pathPrefix(lab),
      ciscoMppProfileUrl: url,
      lanPrefixes: lanPrefixes(lab),
      onboardingKey: inputs.onboardingKey,
      devices: lab.devices.map((d) => planDeviceProvisioning(lab, d, inputs)),
    },
  };
}
