// The request logic shared by the HTTP and TFTP servers: which file a request names, whether
// this requester may have it (device-access.ts), and one log line per access that says what was
// asked, what was served or why not, and, for a miss, what exists. Secrets never reach the log:
// tokens in paths are masked and passwords are not logged at all.
import { timingSafeEqual } from "node:crypto";
import type { Logger } from "../base/index.ts";
import type { DeviceAccess } from "./device-access.ts";
import type { DeviceProvisioning } from "./device-provisioning.ts";
import type { FetchRequest, FetchResult, Outcome } from "./fetch-types.ts";
import { deviceFileNames, type FileCatalog, type Resolution } from "./file-catalog.ts";
import { colonMac } from "./mac-address.ts";
import type { OnboardingEndpoint } from "./onboarding-endpoint.ts";
import type { ProvisionedDevice } from "./provisioning-config.ts";

export type { FetchRequest, FetchResult } from "./fetch-types.ts";

/** `/prov/d/<token>/…` → `/prov/d/***` + `/…`; the same for onboarding tokens. */
export function maskPath(path: string): string {
  return path.replace(/(^|\/)d\/[^/]+/, "$1d/***").replace(/(^|\/)onboard\/[^/?]+/, "$1onboard/***");
}

const miss = (detail: string, level: Outcome["level"] = "warn", deviceId?: string): Outcome => ({
  result: { status: 404, ...(deviceId ? { deviceId } : {}) },
  detail,
  level,
});

export class ProvisioningService {
  private readonly prefix: string;

  constructor(
    pathPrefix: string,
    private readonly devices: readonly ProvisionedDevice[],
    private readonly catalog: FileCatalog,
    private readonly access: DeviceAccess,
    private readonly onboarding: OnboardingEndpoint,
    private readonly log: Logger,
  ) {
    this.prefix = pathPrefix.replace(/\/+$/, "");
  }

  async fetch(req: FetchRequest): Promise<FetchResult> {
    const outcome = await this.answer(req);
    const verb = req.protocol === "tftp" ? "TFTP RRQ" : req.method;
    this.log[outcome.level](`${verb} ${maskPath(req.target)} from ${req.source}: ${outcome.detail}`, {
      source: req.source,
      protocol: req.protocol,
      userAgent: req.userAgent,
      status: outcome.result.status,
      device: outcome.result.deviceId,
    });
    return outcome.result;
  }

  private async answer(req: FetchRequest): Promise<Outcome> {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return { result: { status: 405 }, detail: "read-only server", level: "warn" };
    }
    const name = this.relativeName(req.target);
    if (name === undefined) return miss(`not a file name under ${this.prefix}/; known: ${this.known()}`);
    if (name.startsWith("onboard/")) return this.onboarding.fetch(name.slice("onboard/".length));

    let rest = name;
    let tokenDevice: ProvisionedDevice | undefined;
    const tokenMatch = /^d\/([^/]+)\/(.+)$/.exec(name);
    if (tokenMatch) {
      tokenDevice = this.deviceByToken(tokenMatch[1]!);
      if (tokenDevice === undefined) {
        return { result: { status: 403 }, detail: "unknown device token: refused", level: "warn" };
      }
      rest = tokenMatch[2]!;
    }
    const r = this.catalog.resolve(rest);
    if (r.kind !== "device") return this.notADeviceFile(r);

    const decision = this.access.decide(req, r.device, r.secret, tokenDevice);
    if (!decision.allowed) return decision.outcome;
    if (decision.basis === "token" || decision.basis === "digest")
      await this.access.noteAuthenticated(r.device.id);
    const what = r.secret ? `with credentials, by ${decision.basis}` : "no secrets";
    const mismatch = r.productMismatch
      ? ` (the path names product ${r.productMismatch}; ${r.device.id} is declared a ${r.device.model})`
      : "";
    return {
      result: { status: 200, ...r.render(), deviceId: r.device.id },
      detail: `served ${r.device.id} (${what})${mismatch}`,
      level: "info",
    };
  }

  private notADeviceFile(r: Exclude<Resolution, { kind: "device" }>): Outcome {
    switch (r.kind) {
      case "shared":
        return {
          result: { status: 200, ...r.render() },
          detail: "served shared file (no secrets)",
          level: "info",
        };
      case "not-provided":
        return miss(`not provided: ${r.reason}`, "info");
      case "unknown-mac": {
        const near = this.catalog.nearestMac(r.mac);
        const hint = near
          ? `; nearest: ${near.device.id} ${colonMac(near.device.mac!)}, ${near.digits} hex digit${near.digits === 1 ? "" : "s"} apart (a typo in lab.yaml?)`
          : "";
        return miss(`no device with MAC ${colonMac(r.mac)}; known: ${this.known()}${hint}`);
      }
      case "wrong-vendor":
        return miss(
          `${r.device.id} (${colonMac(r.device.mac!)}) is a ${r.device.vendor} phone, provisioned at ${this.pathsOf(r.device)}; this name follows the ${r.vendor} convention`,
          "warn",
          r.device.id,
        );
      case "unknown-name":
        return miss(`no such file; known: ${this.known()}`);
    }
  }

  /** The name relative to the path prefix; TFTP names and root-relative HTTP names are accepted too. */
  private relativeName(target: string): string | undefined {
    let path = target.split("?")[0]!;
    try {
      path = decodeURIComponent(path);
    } catch {
      return undefined;
    }
    path = path.replace(/\\/g, "/").replace(/\/{2,}/g, "/");
    if (path.split("/").some((seg) => seg === "..")) return undefined;
    const withSlash = path.startsWith("/") ? path : `/${path}`;
    if (this.prefix && withSlash.toLowerCase().startsWith(`${this.prefix.toLowerCase()}/`)) {
      return withSlash.slice(this.prefix.length + 1);
    }
    return withSlash.slice(1);
  }

  /** Compared in constant time: a token is a credential. */
  private deviceByToken(token: string): ProvisionedDevice | undefined {
    const given = Buffer.from(token);
    return this.devices.find((d) => {
      if (d.token === "") return false;
      const own = Buffer.from(d.token);
      return own.length === given.length && timingSafeEqual(own, given);
    });
  }

  private pathsOf(d: DeviceProvisioning): string {
    return deviceFileNames(d)
      .map((f) => `${this.prefix}/${f}`)
      .join(", ");
  }

  private known(): string {
    return this.catalog.describeKnown(this.prefix);
  }
}
