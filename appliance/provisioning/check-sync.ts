// Telling phones to re-fetch their files after a config change: which devices' files changed,
// and the out-of-dialog SIP NOTIFY with `Event: check-sync` that each firmware understands.
// Sending it (to the registered contact, answering a digest challenge if any) is
// appliance/wiring/resync-sender.ts's; this module only builds the request.
import type { DeviceProvisioning } from "./device-provisioning.ts";
import { renderMain } from "./file-catalog.ts";

export interface ProvisioningDiff {
  /** Devices whose rendered files differ: they need a check-sync. */
  readonly changed: readonly DeviceProvisioning[];
  readonly added: readonly DeviceProvisioning[];
  readonly removed: readonly DeviceProvisioning[];
}

/** Compares what each device would be served before and after (softphones are not notified). */
export function diffProvisioning(
  before: readonly DeviceProvisioning[],
  after: readonly DeviceProvisioning[],
): ProvisioningDiff {
  const old = new Map(before.map((d) => [d.id, d]));
  const next = new Map(after.map((d) => [d.id, d]));
  const changed: DeviceProvisioning[] = [];
  const added: DeviceProvisioning[] = [];
  for (const d of after) {
    const prev = old.get(d.id);
    if (prev === undefined) added.push(d);
    else if (d.vendor !== "linphone" && renderMain(prev).body !== renderMain(d).body) changed.push(d);
  }
  const removed = before.filter((d) => !next.has(d.id));
  return { changed, added, removed };
}

/**
 * The Event header value per firmware:
 * - Cisco MPP, Yealink, Polycom, snom: `check-sync;reboot=false` re-fetches without a reboot
 *   (Yealink Administrator Guide, "sip.notify_reboot_enable"; Polycom
 *   voIpProt.SIP.specialEvent.checkSync.alwaysReboot=0; Cisco MPP "Resync_From_SIP");
 * - Grandstream and Cisco 79xx SIP: plain `check-sync` (they reboot to apply the new file).
 */
export function checkSyncEvent(vendor: DeviceProvisioning["vendor"]): string | undefined {
  switch (vendor) {
    case "cisco-mpp":
    case "yealink":
    case "polycom":
    case "snom":
      return "check-sync;reboot=false";
    case "grandstream":
    case "cisco-sip":
      return "check-sync";
    case "linphone":
      return undefined;
  }
}

export interface CheckSyncRequest {
  readonly method: "NOTIFY";
  readonly requestUri: string;
  /** In order; Via, Call-ID, CSeq and tags are the caller's (its transaction layer mints them). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: "";
}

export interface CheckSyncParams {
  /** The registered contact of the device's first line, e.g. `sip:100@172.16.0.50:5060`. */
  readonly contact: string;
  /** The appliance's own SIP URI host:port, e.g. `172.16.0.10:5060`. */
  readonly localHostPort: string;
  readonly transport: "UDP" | "TCP" | "TLS";
  readonly branch: string;
  readonly fromTag: string;
  readonly callId: string;
  readonly cseq: number;
}

/** Undefined for devices that are not told (softphones) or have no line. */
export function buildCheckSyncNotify(
  d: DeviceProvisioning,
  p: CheckSyncParams,
): CheckSyncRequest | undefined {
  const event = checkSyncEvent(d.vendor);
  const line = d.lines[0];
  if (event === undefined || line === undefined) return undefined;
  return {
    method: "NOTIFY",
    requestUri: p.contact,
    headers: [
      // RFC 3261 §8.1.1.7: branch starts with the magic cookie (the caller's id source does that).
      ["Via", `SIP/2.0/${p.transport} ${p.localHostPort};branch=${p.branch};rport`],
      ["Max-Forwards", "70"],
      ["From", `<sip:pibx@${d.server.domain}>;tag=${p.fromTag}`],
      ["To", `<sip:${line.extension}@${d.server.domain}>`],
      ["Call-ID", p.callId],
      ["CSeq", `${p.cseq} NOTIFY`],
      ["Contact", `<sip:pibx@${p.localHostPort}>`],
      ["Event", event],
      // RFC 6665 §8.2.1 (formerly RFC 3265 §7.2): a NOTIFY carries Subscription-State; an
      // unsolicited one ends at once.
      ["Subscription-State", "terminated"],
      ["Content-Length", "0"],
    ],
    body: "",
  };
}

/** The request as wire text (CRLF line ends, RFC 3261 §7). */
export function serializeCheckSync(r: CheckSyncRequest): string {
  return `${r.method} ${r.requestUri} SIP/2.0\r\n${r.headers.map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n`;
}
