// Resync after a config change (issue #10): each desk phone whose provisioning file changed is
// sent an unsolicited NOTIFY `Event: check-sync` (built by provisioning/check-sync.ts) at the
// contacts its lines registered, so it re-fetches its file now rather than at its next periodic
// resync. One non-INVITE client transaction per contact; the outcome is logged per device and
// never fails the reload. A binding cannot tell which device registered it: every contact of the
// line's extension is told, and a UA that does not know the event answers 481/489 (logged).
import type {
  DeepReadonly,
  Provisioning as ProvisioningSection,
} from "../../schemas/appliance-config/index.ts";
import { buildCheckSyncNotify, type DeviceProvisioning, diffProvisioning } from "../provisioning/index.ts";
import { formatUri, SIP_VERSION } from "../sip/index.ts";
import {
  ContactNotifier,
  type ContactNotifierDeps,
  describeTarget,
  type RegisteredContact,
} from "./contact-notifier.ts";

export type ResyncDeps = ContactNotifierDeps;

export interface ResyncOutcome {
  readonly device: string;
  /** `protocol address:port` the NOTIFY went to; absent when nothing was sent. */
  readonly target?: string;
  /** The final response's status code. */
  readonly status?: number;
  readonly error?: "not-registered" | "timeout" | "transport" | "unsendable";
}

type Section = DeepReadonly<ProvisioningSection> | undefined;

/** The devices a reload from `before` to `after` must tell to re-fetch: those whose file changed. */
export function devicesToResync(before: Section, after: Section): DeviceProvisioning[] {
  // Rendering every file twice is wasted on the usual reload that left the section alone.
  if (JSON.stringify(before?.devices) === JSON.stringify(after?.devices)) return [];
  const devices = (s: Section): DeviceProvisioning[] => (s?.devices ?? []).map((d) => d.device);
  return [...diffProvisioning(devices(before), devices(after)).changed];
}

export class ResyncSender {
  private readonly contacts: ContactNotifier;

  constructor(private readonly deps: ResyncDeps) {
    this.contacts = new ContactNotifier(deps);
  }

  /** Sends each device its check-sync; settles (never rejects) when every transaction has ended. */
  notify(devices: readonly DeviceProvisioning[]): Promise<ResyncOutcome[]> {
    return Promise.all(devices.map((d) => this.notifyDevice(d))).then((all) => all.flat());
  }

  private async notifyDevice(d: DeviceProvisioning): Promise<ResyncOutcome[]> {
    const log = this.deps.logger;
    // A phone registers each line from the same address: it is told once.
    const contacts = this.contacts.contacts(d.lines.map((l) => l.extension));
    if (contacts.length === 0) {
      log.info("check-sync skipped: device not registered", {
        device: d.id,
        lines: d.lines.map((l) => l.extension),
      });
      return [{ device: d.id, error: "not-registered" }];
    }
    return Promise.all(contacts.map((c) => this.send(d, c)));
  }

  private async send(d: DeviceProvisioning, c: RegisteredContact): Promise<ResyncOutcome> {
    const log = this.deps.logger;
    const line = d.lines.find((l) => l.extension === c.user) ?? d.lines[0]!;
    const o = await this.contacts.send(
      c,
      (frame) => {
        const notify = buildCheckSyncNotify(d, { contact: formatUri(c.uri), ...frame });
        return (
          notify && {
            kind: "request",
            method: notify.method,
            uri: c.uri,
            version: SIP_VERSION,
            headers: notify.headers.map(([name, value]) => ({ name, value })),
            body: Buffer.alloc(0),
          }
        );
      },
      // A phone may challenge the NOTIFY (Cisco MPP "Auth_Resync_Reboot") with its line's credentials.
      () => ({ username: line.authUser, password: line.password }),
    );
    const outcome: ResyncOutcome = { device: d.id, target: describeTarget(c.target), ...o };
    if (o.status !== undefined && o.status < 300) log.info("check-sync sent", { ...outcome });
    else if (o.error === "unsendable") log.warn("check-sync not sent", { ...outcome, vendor: d.vendor });
    else log.warn("check-sync not accepted", { ...outcome });
    return outcome;
  }
}
