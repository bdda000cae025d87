// The pibx Pulumi program: lab.yaml in, the phone system out. It validates the lab, creates its
// secrets and exports the derived plan, then converges the machines the stack is configured to
// reach (appliance, image, routers, onboarding: see the end of this file).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { formatDiagnostic, type Lab } from "../schemas/index.ts";
import { Appliance } from "./components/appliance.ts";
import { HomeRouterForwards } from "./components/home-router-forwards.ts";
import { LabRouter } from "./components/lab-router.ts";
import { LabSecrets } from "./components/lab-secrets.ts";
import { Onboarding } from "./components/onboarding.ts";
import { PiImage, SdCard } from "./components/pi-image.ts";
import { defaultLabFile, displayPath, loadConfiguredLab, repoRoot } from "./lab-file.ts";
import { planLab } from "./plan/index.ts";
import { ONBOARDING_KEY_SECRET, PROVISIONING_KEY_SECRET } from "./plan/provisioning-key.ts";
import type { ApplianceRemote } from "./providers/appliance-remote.ts";
import { GeneratedSecret } from "./providers/generated-secret-resource.ts";
import type { LinuxRenderOptions } from "./router/linux/linux-desired-state.ts";

const config = new pulumi.Config("pibx");

/** The lab, or a failed preview showing each diagnostic as `file:line:column: path: message`. */
async function requireValidLab(configured: string | undefined): Promise<Lab> {
  const { lab, diagnostics } = loadConfiguredLab(configured);
  for (const d of diagnostics) {
    if (d.severity === "warning") await pulumi.log.warn(formatDiagnostic(d));
    else await pulumi.log.error(formatDiagnostic(d));
  }
  if (lab) return lab;
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  throw new pulumi.RunError(`the lab has ${errors === 1 ? "1 error" : `${errors} errors`} (listed above)`);
}

const labConfig = config.get("lab");
const lab = await requireValidLab(labConfig);
const plan = planLab(lab);
const secrets = new LabSecrets("lab", { secrets: plan.secrets, config });

export const labFile = displayPath(labConfig ?? defaultLabFile);
export const summary = plan.summary;
export const portForwards = plan.portForwards;
export const secretNames = plan.secrets.map((s) => ({
  name: s.name,
  source: s.source.kind,
  usedAt: s.usedAt,
}));
/** Every secret value, encrypted in state: `pulumi stack output secretValues --show-secrets`. */
export const secretValues = pulumi.secret(pulumi.all(secrets.values));

// Each machine is converged only when the stack says how to reach it, so a stack without a Pi, a
// router or an image build host (CI, a first preview) stays offline:
//   pibx:sshPrivateKey (secret)      the Appliance: config pushed over SSH, hot-reloaded
//     or pibx:sshPrivateKeyFile      (the key read from that file, kept as a secret)
//     pibx:applianceHost             where the Pi is (default: the lab's LAN address)
//     pibx:applianceHostKey          the Pi's SSH host key (`SHA256:…`): any other is refused
//     pibx:applianceWaitSeconds      how long to wait for the Pi's SSH (it may be booting; 300)
//     pibx:applianceRemote (JSON)    the push contract (see infra/providers/appliance-remote.ts)
//   pibx:buildImage true             the PiImage (and the SdCard when the lab names `writeTo`)
//   pibx:convergeRouters true        the LabRouter and the HomeRouterForwards
//     pibx:routerHostKey             the lab router's SSH host key (`SHA256:…`): any other is refused
//     pibx:routerLinux (JSON)        a Linux lab router's render options (LinuxRenderOptions:
//                                    paths of pibx's files, fairQueueQdisc, linkRateKbit)
//   pibx:onboardingKey (secret)      the Onboarding QR codes, written to out/onboarding
const sshPrivateKeyFile = config.get("sshPrivateKeyFile");
const sshPrivateKey = sshPrivateKeyFile
  ? pulumi.secret(readFileSync(resolve(repoRoot, sshPrivateKeyFile), "utf8"))
  : config.getSecret("sshPrivateKey");
// The phones' provisioning secrets derive from one generated key kept in state; the softphones'
// onboarding key, when the stack sets one, is the appliance's too (the QR tokens must verify).
const onboardingKey = config.getSecret("onboardingKey");
const applianceSecrets = (): Record<string, pulumi.Output<string>> => ({
  ...secrets.values,
  [PROVISIONING_KEY_SECRET]: pulumi.secret(
    new GeneratedSecret("provisioning-key", { kind: "password", length: 43 }).value,
  ),
  ...(onboardingKey ? { [ONBOARDING_KEY_SECRET]: onboardingKey } : {}),
});
const appliance = sshPrivateKey
  ? new Appliance("appliance", {
      lab,
      secrets: applianceSecrets(),
      privateKey: sshPrivateKey,
      ...(config.get("applianceHost") ? { host: config.require("applianceHost") } : {}),
      ...(config.get("applianceHostKey") ? { hostKeySha256: config.require("applianceHostKey") } : {}),
      ...(config.getNumber("applianceWaitSeconds") !== undefined
        ? { waitBudgetMs: config.requireNumber("applianceWaitSeconds") * 1000 }
        : {}),
      ...(config.getObject<Partial<ApplianceRemote>>("applianceRemote")
        ? { remote: config.requireObject<Partial<ApplianceRemote>>("applianceRemote") }
        : {}),
    })
  : undefined;
/** The pushed config's sha256 and the appliance's health ({} when the stack has no Pi). */
export const applianceStatus = appliance
  ? { configHash: appliance.configHash, health: appliance.health }
  : {};

if (config.getBoolean("buildImage")) {
  const image = new PiImage("image", {
    lab,
    labFile: resolve(repoRoot, labConfig ?? defaultLabFile),
    repoRoot,
  });
  const device = lab.appliance.image.writeTo;
  if (device) new SdCard("sd-card", { image, device, repoRoot });
}

let labRouter: LabRouter | undefined;
let homeForwards: HomeRouterForwards | undefined;
if (config.getBoolean("convergeRouters")) {
  const routerLinux = config.getObject<LinuxRenderOptions>("routerLinux");
  const routerHostKey = config.get("routerHostKey");
  if (lab.network.labRouter)
    labRouter = new LabRouter("lab-router", {
      lab,
      secrets: secrets.values,
      ...(routerLinux ? { linuxOptions: routerLinux } : {}),
      ...(routerHostKey ? { hostKeySha256: routerHostKey } : {}),
    });
  // After the lab router: the forwards point at its (reported) outside address.
  if (lab.network.homeRouter)
    homeForwards = new HomeRouterForwards("home-router", { lab, ...(labRouter ? { labRouter } : {}) });
}
/** The lab router's outside address as it reports it, and the home router's forwards ({} when off). */
export const routers = {
  ...(labRouter ? { labRouterOutsideAddress: labRouter.outsideAddress } : {}),
  ...(homeForwards
    ? { homeForwardsTo: homeForwards.internalClient, homeForwardsChecklist: homeForwards.checklist }
    : {}),
};

const onboarding = onboardingKey
  ? new Onboarding("onboarding", {
      lab,
      secrets: secrets.values,
      onboardingKey,
      outDir: join(repoRoot, "out/onboarding"),
    })
  : undefined;
/** Softphone QR code files (scan them in Linphone) and the desk phones' provisioning URLs. */
export const phoneOnboarding = onboarding
  ? {
      softphoneQrCodes: onboarding.qrCodes,
      deskPhoneProvisioningUrls: onboarding.provisioningUrls,
      option160Url: onboarding.option160Url,
    }
  : {};
