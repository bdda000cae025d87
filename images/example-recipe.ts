// The example recipe (a Pi 4 on DHCP, like a fresh home lab) used by the reproducibility and boot
// tests and by `npm run image:build` when no lab is given. Built directly, not from a lab.
import { BASE_PACKAGES, PACKAGE_LOCK } from "./base-packages.ts";
import {
  type ApplianceBundleRef,
  defaultDistribution,
  finishRecipe,
  type ImageRecipe,
  PRIVATE_SOURCES,
} from "./recipe.ts";

export interface ExampleOptions {
  readonly bundle: ApplianceBundleRef;
  readonly authorizedKeys: readonly string[];
  readonly pinned?: Readonly<Record<string, string>>;
}

export function exampleRecipe(o: ExampleOptions): ImageRecipe {
  return finishRecipe({
    format: 1,
    board: "pi4",
    hostname: "pibx",
    timezone: "Europe/Paris",
    admin: { user: "pibx", authorizedKeys: [...o.authorizedKeys], sshPort: 22 },
    network: { mode: "dhcp" },
    ntpServers: [],
    ports: {
      sipUdp: 5060,
      sipTcp: 5060,
      rtpMin: 10000,
      rtpMax: 10999,
      provisioningHttp: 8080,
      tftp: true,
      adminApi: 8443,
    },
    dscp: { sip: 24, rtp: 46 }, // CS3 and EF, what Cisco's voice QoS expects
    lanSources: PRIVATE_SOURCES,
    distribution: defaultDistribution(),
    packages: { include: BASE_PACKAGES, pinned: o.pinned ?? PACKAGE_LOCK.packages },
    appliance: o.bundle,
    disk: { sizeMiB: 2048, bootMiB: 256 },
    sourceDateEpoch: PACKAGE_LOCK.sourceDateEpoch,
  });
}
