// Whether a request may have a device's file: its URL token, its digest credentials, or (first
// contact, from the lab LAN) nothing but its MAC, as the device's FirstContact policy allows.
// Another device's token or credentials are refused outright.
import type { Clock, Logger } from "../base/index.ts";
import type { DeviceProvisioning } from "./device-provisioning.ts";
import type { DurableIdSet } from "./durable-id-set.ts";
import type { FetchRequest, Outcome } from "./fetch-types.ts";
import { type DigestChallenger, digestResponseValid, parseDigestAuthorization } from "./http-digest.ts";
import type { LanPrefixes } from "./lan-prefixes.ts";
import { colonMac } from "./mac-address.ts";
import type { ProvisionedDevice } from "./provisioning-config.ts";
import { macFromUserAgent } from "./user-agent-mac.ts";

export type AccessBasis = "token" | "digest" | "first-contact" | "public";

export type AccessDecision =
  | { readonly allowed: true; readonly basis: AccessBasis }
  | { readonly allowed: false; readonly outcome: Outcome };

export class DeviceAccess {
  constructor(
    private readonly devices: readonly ProvisionedDevice[],
    private readonly lan: LanPrefixes,
    private readonly digest: DigestChallenger,
    private readonly enrolled: DurableIdSet,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /**
   * @param tokenDevice the device whose token the path carried, if any
   * @param secret whether the file carries credentials (else it is served to anyone asking)
   */
  decide(
    req: FetchRequest,
    device: DeviceProvisioning,
    secret: boolean,
    tokenDevice: ProvisionedDevice | undefined,
  ): AccessDecision {
    const refuse = (status: 401 | 403, detail: string): AccessDecision => ({
      allowed: false,
      outcome: {
        result: {
          status,
          deviceId: device.id,
          ...(status === 401 ? { challenge: this.digest.challenge() } : {}),
        },
        detail,
        level: "warn",
      },
    });
    const claimed = macFromUserAgent(req.userAgent);
    if (claimed !== undefined && device.mac !== undefined && claimed !== device.mac) {
      return refuse(
        403,
        `the User-Agent says MAC ${colonMac(claimed)}, the path asks for ${device.id}'s file (${colonMac(device.mac)}): refused`,
      );
    }
    if (tokenDevice !== undefined) {
      if (tokenDevice.device.id !== device.id) {
        return refuse(403, `token of ${tokenDevice.device.id} used for ${device.id}'s file: refused`);
      }
      return { allowed: true, basis: "token" };
    }
    if (req.authorization !== undefined) {
      const creds = parseDigestAuthorization(req.authorization);
      // Only desk phones have digest credentials (softphones' are empty and never valid).
      const owner =
        creds &&
        this.devices.find((d) => d.device.resync.password !== "" && d.device.resync.user === creds.username);
      const valid =
        creds !== undefined &&
        owner !== undefined &&
        this.digest.nonceFresh(creds.nonce) &&
        digestResponseValid(creds, req.method, owner.device.resync.password);
      if (!valid) {
        return refuse(
          401,
          `digest credentials for ${device.id}'s file not valid (user "${creds?.username ?? "?"}"): challenged`,
        );
      }
      if (owner.device.id !== device.id) {
        return refuse(403, `credentials of ${owner.device.id} used for ${device.id}'s file: refused`);
      }
      return { allowed: true, basis: "digest" };
    }
    if (!secret) return { allowed: true, basis: "public" };
    const entry = this.devices.find((d) => d.device.id === device.id);
    const refusal =
      entry === undefined ? `${device.id} is not configured` : this.firstContactRefusal(entry, req.source);
    if (refusal === undefined) return { allowed: true, basis: "first-contact" };
    // HTTP phones can answer a digest challenge; a TFTP request has no way to authenticate.
    return refuse(req.protocol === "http" ? 401 : 403, refusal);
  }

  /** Records that the device came back authenticated: its first contact is over. */
  async noteAuthenticated(deviceId: string): Promise<void> {
    if (this.enrolled.has(deviceId)) return;
    try {
      await this.enrolled.add(deviceId, null, this.clock.wallTime().getTime());
    } catch (err) {
      // The file is still served; first contact stays open until a write succeeds.
      this.log.error(`cannot record ${deviceId} as enrolled`, { err });
    }
  }

  private firstContactRefusal(entry: ProvisionedDevice, source: string): string | undefined {
    const id = entry.device.id;
    if (entry.firstContact === "never") return `${id} is fetched only with its token`;
    if (!this.lan.contains(source)) {
      return `${id}'s file asked without token or credentials from outside the lab LAN (${this.lan.prefixes.join(", ")}): refused`;
    }
    if (entry.firstContact === "until-enrolled" && this.enrolled.has(id)) {
      return `${id} is enrolled: its file is served only with its token or digest credentials (a factory-reset phone must be re-enrolled)`;
    }
    return undefined;
  }
}
