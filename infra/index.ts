// The pibx Pulumi program: lab.yaml in, the phone system out. For now it validates the lab, creates
// its secrets and exports the derived plan; the appliance, router and port-forward components
// build on these.
import * as pulumi from "@pulumi/pulumi";
import { formatDiagnostic, type Lab } from "../schemas/index.ts";
import { LabSecrets } from "./components/lab-secrets.ts";
import { defaultLabFile, displayPath, loadConfiguredLab } from "./lab-file.ts";
import { planLab } from "./plan/index.ts";

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
