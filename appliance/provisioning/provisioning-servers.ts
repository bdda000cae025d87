// Composition: the service, its durable state and the HTTP/TFTP servers built from the config.
// main.ts calls this with the real clock and state directory.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Clock, Logger } from "../base/index.ts";
import { DeviceAccess } from "./device-access.ts";
import { DurableIdSet } from "./durable-id-set.ts";
import { FileCatalog } from "./file-catalog.ts";
import { DigestChallenger } from "./http-digest.ts";
import { ProvisioningHttpServer } from "./http-server.ts";
import { LanPrefixes } from "./lan-prefixes.ts";
import { OnboardingEndpoint } from "./onboarding-endpoint.ts";
import type { ProvisioningConfig } from "./provisioning-config.ts";
import { ProvisioningService } from "./provisioning-service.ts";
import { ProvisioningTftpServer, type TftpServerOptions } from "./tftp-server.ts";

export interface ProvisioningDeps {
  readonly clock: Clock;
  readonly log: Logger;
  /** Directory for `provisioning-enrolled.json` and `onboarding-used.json`. */
  readonly stateDir: string;
  readonly tftp?: Partial<TftpServerOptions>;
}

export interface Provisioning {
  readonly service: ProvisioningService;
  readonly http: ProvisioningHttpServer;
  readonly tftp: ProvisioningTftpServer;
  readonly enrolled: DurableIdSet;
  /** Opens first contact again for a factory-reset phone (admin action). */
  resetEnrollment(deviceId: string): Promise<void>;
  close(): Promise<void>;
}

export function createProvisioning(config: ProvisioningConfig, deps: ProvisioningDeps): Provisioning {
  const log = deps.log.child({ component: "provisioning" });
  const catalog = new FileCatalog(
    config.devices.map((d) => d.device),
    { ciscoMppProfileUrl: config.ciscoMppProfileUrl },
  );
  const lan = new LanPrefixes(config.lanPrefixes);
  mkdirSync(deps.stateDir, { recursive: true, mode: 0o700 });
  const enrolled = DurableIdSet.open(join(deps.stateDir, "provisioning-enrolled.json"));
  const usedTokens = DurableIdSet.open(join(deps.stateDir, "onboarding-used.json"));
  const digest = new DigestChallenger(() => deps.clock.wallTime().getTime());
  const access = new DeviceAccess(config.devices, lan, digest, enrolled, deps.clock, log);
  const key = Buffer.from(config.onboardingKey, "base64");
  const onboarding = new OnboardingEndpoint(config.devices, key, usedTokens, deps.clock, log);
  const service = new ProvisioningService(
    config.pathPrefix,
    config.devices,
    catalog,
    access,
    onboarding,
    log,
  );
  const http = new ProvisioningHttpServer(service, log);
  const tftp = new ProvisioningTftpServer(service, lan, deps.clock, log, deps.tftp);
  return {
    service,
    http,
    tftp,
    enrolled,
    resetEnrollment: (deviceId) => enrolled.delete(deviceId),
    async close() {
      await Promise.all([http.close(), tftp.close()]);
    },
  };
}
