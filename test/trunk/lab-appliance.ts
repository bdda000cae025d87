// The virtual lab with the appliance converged as `pulumi up` would leave it, for the tests that
// call through the trunk: the lab up under its lock (the provider knowing the trunk account and
// the DIDs), the lab router converged by the Linux backend (its DNAT forwards to the pi), the home
// router's forwards opened over UPnP, and the bundled appliance running in the pi box from the
// config the test planned. close() undoes it all and takes the lab down; a failure half-way
// through the setup does the same before it throws, so no test leaves the lab held.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { provisioningSecrets } from "../../infra/plan/provisioning.ts";
import { testSecrets } from "../../infra/plan/test-secrets.ts";
import { deriveRouterIntent } from "../../infra/router/derive-router-intent.ts";
import { convergeUpnp, removeUpnp } from "../../infra/router/home/apply-upnp.ts";
import { deriveHomeForwards, type HomeForwardPlan } from "../../infra/router/home/home-forwards.ts";
import { IgdClient } from "../../infra/router/home/igd-client.ts";
import { portsOf, type WantedMapping, wantedMappings } from "../../infra/router/home/plan-upnp.ts";
import { sshTransport } from "../../infra/router/home/ssh-igd-transport.ts";
import { UpnpDiscoveryError } from "../../infra/router/home/upnp-errors.ts";
import { convergeLinux } from "../../infra/router/linux/apply-linux.ts";
import { renderLinux } from "../../infra/router/linux/render-linux.ts";
import { SshRunner, sshFingerprint } from "../../infra/router/linux/ssh-runner.ts";
import type { ApplianceConfig } from "../../schemas/appliance-config/index.ts";
import type { Lab } from "../../schemas/index.ts";
import {
  type Appliance,
  DEFAULT_RUN_DIR,
  down,
  releaseLabLock,
  type SipAccount,
  sshKeyPaths,
  startAppliance,
  tcpBridgeArgv,
  up,
} from "../lab/index.ts";
import { sleep } from "../lab/sleep.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BUNDLE = join(ROOT, "dist", "appliance.mjs");
export const LAB_FILE = join(ROOT, "examples/virtual-lab/lab.yaml");
/** The lab router's inside address: its sshd, reached through the pi box. */
const LAB_ROUTER = "172.16.0.1";

/** Builds dist/appliance.mjs (esbuild) and checks that it is fresh. */
export function buildApplianceBundle(): void {
  const t0 = Date.now();
  execFileSync("npm", ["run", "--silent", "build:appliance"], {
    cwd: ROOT,
    timeout: 120_000,
    stdio: "ignore",
  });
  if (!existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < t0 - 1000) throw new Error("bundle not built");
}

/** Fixed secrets for a test: `<tag>-<n>-password` for each extension, `<tag>-trunk-password-1`. */
export function labTestSecrets(lab: Lab, tag: string): Record<string, string> {
  return testSecrets(lab, {
    ...Object.fromEntries(lab.extensions.map((e) => [e.password.secret, `${tag}-${e.number}-password`])),
    trunkPassword: `${tag}-trunk-password-1`,
  });
}

/** The provisioning's secrets from a counting byte source (reproducible runs). */
export function seededProvisioningSecrets(lab: Lab, seed: number): ReturnType<typeof provisioningSecrets> {
  let next = seed;
  return provisioningSecrets(lab, (n) => Uint8Array.from({ length: n }, () => next++ & 0xff));
}

/** Polls `probe` every 250 ms until it returns a value; throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(250);
  }
}

export interface LabApplianceOptions {
  /** The lab the config was planned from (its router intent and home forwards are derived here). */
  readonly lab: Lab;
  readonly config: ApplianceConfig;
  /** The trunk account at the provider: the trunk's username, and its password from the secrets. */
  readonly trunk: SipAccount;
  /** Numbers the provider routes to the trunk. */
  readonly dids: readonly string[];
  /** The pstn phone's account at the provider (its number is the caller ID of its calls). */
  readonly pstn: SipAccount;
  /** Which home-router forwards to open; default every one (SIP and each RTP port). */
  readonly mappings?: (forwards: HomeForwardPlan) => WantedMapping[];
  /** How long to wait for a lab held by another test. */
  readonly lockWaitMs?: number;
}

export interface LabAppliance {
  readonly appliance: Appliance;
  readonly runner: SshRunner;
  readonly forwards: HomeForwardPlan;
  /** The appliance, or an error carrying its log when it has exited. */
  app(): Appliance;
  /** Resolves with the first log line matching `re` after character `from` of the log. */
  waitForLog(re: RegExp, timeoutMs: number, from?: number): Promise<string>;
  /** Stops the appliance, removes the forwards, takes the lab down and releases it. Idempotent. */
  close(): Promise<void>;
}

function hostKeyPin(knownHosts: string, address: string): string {
  const line = readFileSync(knownHosts, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${address} `));
  if (!line) throw new Error(`no host key for ${address} in ${knownHosts}`);
  return sshFingerprint(Buffer.from(line.split(" ")[2]!, "base64"));
}

/**
 * The home router's IGD, found over SSDP from the lab router. miniupnpd may not answer the first
 * M-SEARCH right after the lab came up: discovery is retried for a bounded time.
 */
async function openIgd(runner: SshRunner, routerAddress: string): Promise<IgdClient> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await IgdClient.open(sshTransport(runner.client), { routerAddress });
    } catch (e) {
      if (!(e instanceof UpnpDiscoveryError) || Date.now() >= deadline) throw e;
    }
    await sleep(1000);
  }
}

export async function startLabAppliance(o: LabApplianceOptions): Promise<LabAppliance> {
  const intent = deriveRouterIntent(o.lab);
  if (!intent) throw new Error("the lab declares no lab router");
  const forwards = deriveHomeForwards(o.lab, intent);
  if (!forwards) throw new Error("the lab declares no home router");
  // up() takes the lab lock, and on its own failure removes what it made and releases it.
  await up({ lockWaitMs: o.lockWaitMs ?? 900_000, trunk: o.trunk, dids: o.dids, pstn: o.pstn });
  let runner: SshRunner | undefined;
  let appliance: Appliance | undefined;
  const mappings = (o.mappings ?? wantedMappings)(forwards);
  let mapped = false;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      try {
        await appliance?.stop();
        if (runner && mapped) {
          // Only the ports mapped here are listed: miniupnpd can crash on a full listing.
          await removeUpnp(
            await openIgd(runner, forwards.routerAddress),
            forwards.internalClient,
            portsOf(mappings),
          );
        }
      } catch {
        // the lab goes down anyway
      } finally {
        runner?.close();
        // down() releases the lock; release it here too in case down() threw first.
        await down().finally(() => releaseLabLock());
      }
    })();
    return closed;
  };
  try {
    const keys = sshKeyPaths(DEFAULT_RUN_DIR);
    runner = await SshRunner.open({
      host: LAB_ROUTER,
      port: 22,
      username: "root",
      privateKey: readFileSync(keys.privateKey, "utf8"),
      hostKeySha256: hostKeyPin(keys.knownHosts, LAB_ROUTER),
      proxyArgv: tcpBridgeArgv("pi", LAB_ROUTER, 22),
    });
    const dir = join(DEFAULT_RUN_DIR, "lab-router", "pibx");
    const desired = renderLinux(intent, {
      paths: { configDir: join(dir, "etc"), runDir: join(dir, "run"), stateDir: join(dir, "lib") },
      fairQueueQdisc: "pfifo",
    });
    if (!(await convergeLinux(runner, desired)).applied) throw new Error("the lab router was not converged");
    const igd = await openIgd(runner, forwards.routerAddress);
    mapped = true;
    await convergeUpnp(igd, mappings, forwards.internalClient);
    appliance = startAppliance({ bundle: BUNDLE, config: o.config });
  } catch (e) {
    await close();
    throw e;
  }
  const started = appliance;
  const app = (): Appliance => {
    if (!started.running()) throw new Error(`appliance exited:\n${started.logs().slice(-6000)}`);
    return started;
  };
  return {
    appliance: started,
    runner,
    forwards,
    app,
    waitForLog: (re, timeoutMs, from = 0) =>
      until(`appliance log ${re}`, timeoutMs, () =>
        app()
          .logs()
          .slice(from)
          .split("\n")
          .find((l) => re.test(l)),
      ),
    close,
  };
}
