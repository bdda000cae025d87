// `npm run lab`: the whole chain on the virtual lab, phase by phase — the lab (namespaces and
// daemons), the image (unless `--fast`), `pulumi up` of the lab file against a file backend in the
// run directory, during which the Pi is switched on in the pi box (the image under qemu, or with
// `--fast` the bundle as a process) once the network in front of it is converged, then a smoke call
// through the trunk — and the report. A failing phase stops the chain and is named; the lab stays
// up for a look (`npm run lab -- status`, `… exec`, `… pulumi preview`) until `… down`.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { applianceHost } from "../../infra/components/appliance.ts";
import { type Lab, requireLab } from "../../schemas/index.ts";
import { repoRoot } from "../pulumi/pulumi-cli.ts";
import { seedDocument } from "./appliance-seed.ts";
import {
  type ApplianceMode,
  type ChainRecord,
  type PhaseResult,
  readChain,
  runPhase,
  writeChain,
} from "./chain-record.ts";
import { findDaemon, isRunning, stopDaemon } from "./daemon.ts";
import { type DhcpLease, waitForDhcpLease } from "./dhcp-client.ts";
import { down, up } from "./lab.ts";
import { LabError } from "./lab-error.ts";
import { appliance, configSecrets, hostKeyPin, routerAddress, routerPaths } from "./lab-inputs.ts";
import { foreignLabHolder, LOCK_PATH } from "./lab-lock.ts";
import { renderReport, resourceSummary } from "./lab-report.ts";
import { DEFAULT_RUN_DIR } from "./options.ts";
import { processRemote, startPiProcess, waitForReady } from "./pi-process.ts";
import { bootPiVm, buildLabImage, imageAdminKey, labForImage, type PiImage, waitForPiVm } from "./pi-vm.ts";
import {
  initLabStack,
  labStackPaths,
  mustPulumi,
  pulumi,
  secretOutput,
  stackOutputs,
} from "./pulumi-stack.ts";
import { boxDir } from "./run-dir.ts";
import { sleep } from "./sleep.ts";
import { recordingsDir, type SmokeResult, smokeCall } from "./smoke-call.ts";
import { smokePlan } from "./smoke-plan.ts";
import { sshKeyPaths } from "./sshd.ts";

export const DEFAULT_LAB_FILE = "examples/virtual-lab/lab.yaml";
/** Boot to SIP under TCG takes 36–151 s on a loaded 2-core machine: leave room. */
const BOOT_BUDGET_MS = 20 * 60_000;

export interface RunOptions {
  readonly mode: ApplianceMode;
  /** pibx:lab, relative to the repository root or absolute. */
  readonly labFile: string;
  readonly smoke: boolean;
  /** An appliance bundle to use as it is (default: `npm run build:appliance`, dist/appliance.mjs). */
  readonly bundle?: string;
  /** Measured by the npm script before this process started (scripts/setup.sh). */
  readonly setupSeconds?: number;
  readonly log: (line: string) => void;
}

export interface RunResult {
  readonly ok: boolean;
  readonly record: ChainRecord;
  readonly report: string;
}

export async function runLab(o: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const runDir = DEFAULT_RUN_DIR;
  const phases: PhaseResult[] = [];
  if (o.setupSeconds !== undefined)
    phases.push({ name: "setup", ok: true, seconds: o.setupSeconds, detail: "scripts/setup.sh --quiet" });
  const record: ChainRecord = {
    mode: o.mode,
    labFile: o.labFile,
    applianceAddress: "",
    phases,
  };
  const save = () => {
    try {
      writeChain(runDir, record);
    } catch {
      // the lab (and its run directory) is not there yet
    }
  };
  let ok = false;
  try {
    let lab!: Lab;
    let address = "";
    const trunkPassword = randomBytes(18).toString("base64url");
    await runPhase(phases, "lab", async () => {
      lab = requireLab(resolve(repoRoot, o.labFile));
      address = applianceHost(lab);
      (record as { applianceAddress: string }).applianceAddress = address;
      const trunk = lab.trunks[0];
      if (!trunk)
        throw new LabError(`${o.labFile} declares no trunk: the lab's provider has nothing to register`);
      const r = await up({
        trunk: { username: trunk.username, password: trunkPassword },
        dids: trunk.dids.map((d) => d.number),
        log: o.log,
      });
      return `namespaces and daemons up; trunk account ${trunk.username}, DIDs ${r.settings.dids.join(", ")}`;
    });
    save();
    const labKey = sshKeyPaths(runDir);
    const seed = () => seedDocument(lab, { [lab.trunks[0]!.password.secret]: trunkPassword });
    const plain: Record<string, string | object> = {
      lab: o.labFile,
      convergeRouters: "true",
      routerHostKey: hostKeyPin(labKey.knownHosts, routerAddress(lab)),
      // pibx's files on the lab router go to the run directory (the box shares the host's
      // disk); the lab's kernel has no fq_codel.
      routerLinux: { paths: routerPaths(runDir), fairQueueQdisc: "pfifo" },
    };
    // The Pi is switched on once the network in front of it is converged, as in a real install:
    // a Pi that talks to the provider through the lab router before pibx gives it NAT keeps a
    // flow on the home router that holds the outside port 5060, and when the lab router starts
    // NATing, the trunk's flow moves to another outside port while the appliance still announces
    // 5060 — the provider's INVITEs then reach it through the UPnP forward with a rewritten source
    // port, and it cannot tell them from a stranger's. So the Pi starts during `pulumi up`, when
    // the lab router hands out DHCP leases (it is converged), and the Appliance resource waits
    // for its SSH (pibx:applianceWaitSeconds).
    let startPi: (lease: DhcpLease) => Promise<string>;
    // The box's own sshd (root only) makes way for the Pi's.
    await stopDaemon(runDir, "pi", "sshd");
    if (o.mode === "process") {
      Object.assign(plain, {
        sshPrivateKeyFile: labKey.privateKey,
        applianceRemote: processRemote(boxDir(runDir, "pi"), lab.appliance.admin.port),
        applianceHostKey: hostKeyPin(labKey.knownHosts, address),
        applianceWaitSeconds: "300",
      });
      // Bundled while pulumi converges the network.
      const bundled = appliance(o.bundle);
      bundled.catch(() => {});
      startPi = async () => {
        const bundle = await bundled;
        o.log(`process: appliance and sshd (login ${lab.appliance.ssh.user}) in the pi box`);
        const pi = await startPiProcess(runDir, lab, bundle.path, seed(), (a) => waitForReady(a, 60_000));
        return `appliance pid ${pi.appliance.pid} at ${address}, sshd for ${lab.appliance.ssh.user}`;
      };
    } else {
      let image!: PiImage;
      await runPhase(phases, "image", async () => {
        if (!o.bundle) o.log("image: bundling the appliance (npm run build:appliance)");
        const bundle = await appliance(o.bundle);
        const buildLog = `${boxDir(runDir, "pi")}/image-build.log`;
        o.log(`image: building the lab's image (cached by recipe hash; log ${buildLog})`);
        image = await buildLabImage(labForImage(lab, imageAdminKey().publicKey), bundle, buildLog);
        return `${image.cached ? "cached" : "built"}: ${image.image} (sha256 ${image.sha256.slice(0, 12)})`;
      });
      // Its host keys are made on first boot: not known to pin beforehand.
      Object.assign(plain, { sshPrivateKeyFile: imageAdminKey().privateKey, applianceWaitSeconds: "1500" });
      startPi = async (lease) => {
        o.log(`qemu: booting the image in the pi box (console ${boxDir(runDir, "pi")}/console.log)`);
        // The desk phone's box (it has its lease by now) checks the appliance is ready over SSH.
        const vm = await bootPiVm(runDir, image, seed(), address, lease.address);
        const boot = await waitForPiVm(
          vm,
          {
            address,
            sipPort: lab.appliance.sip.udp.port,
            sshPort: lab.appliance.ssh.port,
            user: lab.appliance.ssh.user,
            privateKey: imageAdminKey().privateKey,
            from: "desk-phone",
          },
          BOOT_BUDGET_MS,
        );
        return `SIP answered at ${address} ${boot.toFixed(0)} s after power-on`;
      };
    }
    save();

    await runPhase(phases, "pulumi up", async () => {
      o.log(`pulumi: stack in ${labStackPaths(runDir).dir}`);
      const secrets = {
        ...configSecrets(lab, trunkPassword, readFileSync(labKey.privateKey, "utf8")),
        onboardingKey: randomBytes(32).toString("base64"),
      };
      await initLabStack(runDir, { plain, secrets });
      o.log("pulumi: up --yes (the Pi is switched on once the lab router is converged)");
      const stop = new AbortController();
      const upRun = mustPulumi(runDir, ["up", "--yes"], { timeoutMs: 45 * 60_000, signal: stop.signal });
      upRun.catch(() => {});
      const piPhase = o.mode === "process" ? "process" : "qemu";
      let piDone = false;
      const pi = (async () => {
        const lease = await Promise.race([waitForDhcpLease(20 * 60_000), upRun.then(() => undefined)]);
        await runPhase(phases, piPhase, async () => {
          if (!lease)
            throw new LabError("the lab router handed out no DHCP lease: the Pi was not switched on");
          return `during pulumi up: ${await startPi(lease)}`;
        });
      })().finally(() => {
        piDone = true;
      });
      // A Pi that does not come up fails the run now, not when the Appliance gives up waiting.
      pi.catch(() => stop.abort());
      const r = await upRun
        .catch(async (e: unknown) => {
          // The report shows where the Pi was when the update failed.
          await Promise.race([pi.catch(() => {}), sleep(2000)]);
          if (!piDone)
            phases.push({ name: piPhase, ok: false, seconds: 0, detail: "not up when pulumi up failed" });
          throw e;
        })
        .finally(async () => {
          // Also after a failed update: what it did export is still worth showing.
          record.outputs = await stackOutputs(runDir).catch(() => undefined);
        });
      await pi;
      return resourceSummary(r.output);
    });
    save();

    if (o.smoke) {
      await runPhase(phases, "smoke call", async () => {
        const result = await runSmoke(runDir, lab, record, (l) => o.log(`smoke: ${l}`));
        record.smoke = result;
        if (!result.ok) throw new LabError(`step "${result.failed!.name}": ${result.failed!.detail}`);
        const warned = result.steps.filter((s) => s.status === "warn").length;
        return `${result.plan}${warned ? ` (${warned} warning${warned > 1 ? "s" : ""})` : ""}`;
      });
    }
    ok = true;
  } catch (e) {
    if (!(e instanceof Error && e.name === "PhaseError")) {
      phases.push({
        name: phases.at(-1)?.name ?? "lab",
        ok: false,
        seconds: 0,
        detail: e instanceof Error ? e.message.split("\n")[0]! : String(e),
      });
    }
    const detail = (e as { detail?: string }).detail;
    if (detail) o.log(detail);
  }
  record.finishedAt = new Date().toISOString();
  record.totalSeconds = (o.setupSeconds ?? 0) + (Date.now() - started) / 1000;
  save();
  const report = renderReport(record, {
    runDir,
    pulumiLog: labStackPaths(runDir).log,
    applianceLog: record.mode === "process" ? `${runDir}/pi/appliance.log` : `${runDir}/pi/console.log`,
    recordings: recordingsDir(runDir),
  });
  return { ok, record, report };
}

/** The smoke call against the running chain (also `npm run lab -- smoke`). */
export async function runSmoke(
  runDir: string,
  lab: Lab,
  record: ChainRecord,
  log: (line: string) => void,
): Promise<SmokeResult> {
  const plan = smokePlan(lab);
  const onboarding = (record.outputs?.phoneOnboarding ?? {}) as {
    deskPhoneProvisioningUrls?: Array<{ deviceId: string; urls: string[] }>;
  };
  const url = onboarding.deskPhoneProvisioningUrls?.find((d) => d.deviceId === plan.deskDevice.id)?.urls[0];
  const secretName = lab.extensions.find((e) => e.number === plan.extension)?.password.secret;
  return smokeCall({
    lab,
    plan,
    appliance: record.applianceAddress,
    ...(url ? { provisioningUrl: url } : {}),
    extensionPassword: async () => {
      const values = (await secretOutput(runDir, "secretValues")) as Record<string, string> | undefined;
      return secretName ? values?.[secretName] : undefined;
    },
    log,
  });
}

/**
 * `npm run lab -- smoke`: the smoke call again, on the lab file the stack has now (it may have been
 * changed with `npm run lab -- pulumi config set pibx:lab …` and `… pulumi up` since).
 */
export async function smokeAgain(log: (line: string) => void): Promise<SmokeResult> {
  const runDir = DEFAULT_RUN_DIR;
  const record = readChain(runDir);
  if (!record) throw new LabError("no chain has run on this lab: run `npm run lab` first");
  const configured = await pulumi(runDir, ["config", "get", "pibx:lab"]);
  const labFile = configured.code === 0 ? configured.stdout.trim() : record.labFile;
  const lab = requireLab(resolve(repoRoot, labFile));
  record.outputs = await stackOutputs(runDir).catch(() => record.outputs);
  const result = await runSmoke(runDir, lab, record, log);
  record.smoke = result;
  writeChain(runDir, record);
  return result;
}

/** `npm run lab -- down`: the appliance (qemu or process) first, then the lab and its run directory. */
export async function downLab(log: (line: string) => void, force = false): Promise<{ seconds: number }> {
  const started = Date.now();
  const runDir = DEFAULT_RUN_DIR;
  // A test elsewhere may be using the lab: taking it away would fail that test in odd ways.
  const holder = foreignLabHolder();
  if (holder !== undefined && !force)
    throw new LabError(`the lab is in use by process ${holder} (${LOCK_PATH}); wait for it, or add --force`);
  const record = readChain(runDir);
  for (const name of ["qemu", "appliance"]) {
    const d = findDaemon(runDir, "pi", name);
    if (d && isRunning(d)) {
      await stopDaemon(runDir, "pi", name);
      log(`stopped the ${name === "qemu" ? "Pi image (qemu)" : "appliance process"} in the pi box`);
    }
  }
  await down(runDir);
  if (record) log(`removed the lab's Pulumi stack and state (${labStackPaths(runDir).dir})`);
  return { seconds: (Date.now() - started) / 1000 };
}
