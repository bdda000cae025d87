// What a lab run is made of besides the lab: the appliance bundle, and what the stack is given —
// the `from: config` secrets the lab knows, the host keys it pins, where the lab router keeps
// pibx's files.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ApplianceBundleRef } from "../../images/recipe.ts";
import { planSecrets } from "../../infra/plan/secrets.ts";
import { sshFingerprint } from "../../infra/router/linux/ssh-runner.ts";
import type { Lab } from "../../schemas/index.ts";
import { repoRoot } from "../pulumi/pulumi-cli.ts";
import { LabError } from "./lab-error.ts";
import { run } from "./shell.ts";

const BUNDLE = resolve(repoRoot, "dist/appliance.mjs");

/** The `from: config` secrets the lab run can give: the trunk's password and the lab router's key. */
export function configSecrets(lab: Lab, trunkPassword: string, routerKey: string): Record<string, string> {
  const trunkSecret = lab.trunks[0]?.password.secret;
  const routerSecret = lab.network.labRouter?.management.privateKey?.secret;
  const out: Record<string, string> = {};
  for (const s of planSecrets(lab.secrets, lab)) {
    if (s.source.kind !== "config") continue;
    if (s.name === trunkSecret) out[s.name] = trunkPassword;
    else if (s.name === routerSecret) out[s.name] = routerKey;
    else
      throw new LabError(
        `the lab takes secret ${s.name} from config: npm run lab can give only the trunk's password and the lab router's SSH key`,
      );
  }
  return out;
}

/** `npm run build:appliance`, or the bundle given with `--bundle` as it is. */
export async function appliance(given: string | undefined): Promise<ApplianceBundleRef> {
  const path = given ? resolve(given) : BUNDLE;
  if (!given) {
    const r = await run(["npm", "run", "--silent", "build:appliance"], { cwd: repoRoot, timeoutMs: 300_000 });
    if (r.code !== 0) throw new LabError("npm run build:appliance failed", `${r.stdout}${r.stderr}`.trim());
  }
  if (!existsSync(path)) throw new LabError(`no appliance bundle at ${path}`);
  const { version } = JSON.parse(readFileSync(resolve(repoRoot, "package.json"), "utf8")) as {
    version: string;
  };
  const sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
  return { path, sha256, version };
}

/** An SSH host key as pibx pins it (`SHA256:…`), from the lab's known_hosts. */
export function hostKeyPin(knownHosts: string, address: string): string {
  const line = readFileSync(knownHosts, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${address} `));
  if (!line) throw new LabError(`no host key for ${address} in ${knownHosts}`);
  return sshFingerprint(Buffer.from(line.split(" ")[2]!, "base64"));
}

export function routerAddress(lab: Lab): string {
  const address = lab.network.labRouter?.management.address;
  if (!address) throw new LabError("the lab declares no lab router to converge");
  return address;
}

/** Where the Linux backend keeps pibx's files on the lab router box. */
export function routerPaths(runDir: string): { configDir: string; runDir: string; stateDir: string } {
  const dir = join(runDir, "lab-router", "pibx");
  return { configDir: join(dir, "etc"), runDir: join(dir, "run"), stateDir: join(dir, "lib") };
}
