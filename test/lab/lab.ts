// Bringing the whole lab up and down, and reporting on it.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { destroyLab, forgetUpProcess, labNamespaces, recordUpProcess } from "./cleanup.ts";
import { type DaemonRecord, isRunning, listDaemons } from "./daemon.ts";
import { startDhcpClient } from "./dhcp-client.ts";
import { startHomeRouter } from "./home-router.ts";
import { startInternetPhones } from "./internet-phones.ts";
import { acquireLabLock, releaseLabLock } from "./lab-lock.ts";
import { createNetwork } from "./network.ts";
import { DEFAULT_RUN_DIR, type LabOptions, labOptions } from "./options.ts";
import { startProvider } from "./provider.ts";
import { type LabSettings, readState, writeState } from "./run-dir.ts";
import { inNetns, type RunOptions, type RunResult, run } from "./shell.ts";
import { labSshKey, startSshd } from "./sshd.ts";
import { generateTone } from "./tone.ts";
import { type BoxName, boxes, netnsOf } from "./topology.ts";
import { isListening } from "./wait-for-port.ts";

export interface UpResult {
  readonly settings: LabSettings;
  readonly seconds: number;
}

function settingsOf(o: LabOptions): LabSettings {
  const { log: _log, afterDaemonsStarted: _hook, ...settings } = o;
  return settings;
}

/** Creates the lab and starts every box's daemons; a previous lab (or its remains) is removed first. */
export async function up(overrides: Partial<LabOptions> = {}): Promise<UpResult> {
  const started = Date.now();
  const o = labOptions(overrides);
  await acquireLabLock(o.lockWaitMs, o.log);
  if ((await labNamespaces()).length > 0 || readState(o.runDir)) {
    o.log("removing the remains of a previous lab");
    await destroyLab(o.runDir);
  }
  mkdirSync(o.runDir, { recursive: true, mode: 0o700 });
  recordUpProcess(o.runDir);
  const audioDir = join(o.runDir, "audio");
  mkdirSync(audioDir, { recursive: true });
  const pstnAudio = o.pstnAudio ?? join(audioDir, "1000hz.wav");
  const lteAudio = o.lteAudio ?? join(audioDir, "440hz.wav");
  const settings: LabSettings = { ...settingsOf(o), pstnAudio, lteAudio };
  writeState(o.runDir, { settings, startedAt: new Date(started).toISOString() });
  try {
    o.log("creating namespaces, bridges and links");
    await createNetworkAndTones(audioDir);
    o.log("starting daemons");
    // One client key for both sshds, made before they start side by side.
    await labSshKey(o.runDir);
    await Promise.all([
      (async () => {
        await startProvider(o.runDir, settings);
        await startHomeRouter(o.runDir);
      })(),
      startSshd(o.runDir, "lab-router"),
      startSshd(o.runDir, "pi"),
      Promise.resolve(startDhcpClient(o.runDir)),
    ]);
    await o.afterDaemonsStarted?.();
    // The phones register at the provider: last, so that `up` ends with a working PSTN side.
    await startInternetPhones(settings);
    writeState(o.runDir, {
      settings,
      startedAt: new Date(started).toISOString(),
      upAt: new Date().toISOString(),
    });
    forgetUpProcess(o.runDir);
    return { settings, seconds: (Date.now() - started) / 1000 };
  } catch (e) {
    o.log("up failed: removing the lab");
    await destroyLab(o.runDir);
    releaseLabLock();
    throw e;
  }
}

async function createNetworkAndTones(audioDir: string): Promise<void> {
  await Promise.all([
    createNetwork(),
    // Long enough for any test call: baresip ends the call when its source file runs out.
    generateTone(join(audioDir, "1000hz.wav"), 1000, { seconds: 120 }),
    generateTone(join(audioDir, "440hz.wav"), 440, { seconds: 120 }),
  ]);
}

/** Removes every trace of the lab; idempotent, and works after a crash. */
export async function down(runDir: string = DEFAULT_RUN_DIR): Promise<{ seconds: number }> {
  const started = Date.now();
  await destroyLab(runDir);
  releaseLabLock();
  return { seconds: (Date.now() - started) / 1000 };
}

export interface DaemonStatus {
  readonly name: string;
  readonly pid: number;
  readonly running: boolean;
  /** Every expected socket listens. */
  readonly healthy: boolean;
}

export interface BoxStatus {
  readonly box: BoxName;
  readonly netns: string;
  readonly present: boolean;
  readonly addresses: readonly string[];
  readonly daemons: readonly DaemonStatus[];
}

export interface LabStatus {
  readonly up: boolean;
  readonly upAt?: string;
  readonly boxes: readonly BoxStatus[];
}

async function daemonStatus(d: DaemonRecord): Promise<DaemonStatus> {
  const running = isRunning(d);
  let healthy = running;
  for (const l of d.listens ?? []) if (healthy) healthy = await isListening(d.box, l.proto, l.port);
  if (healthy && d.probe) healthy = (await exec(d.probe.box, d.probe.argv, { timeoutMs: 5000 })).code === 0;
  return { name: d.name, pid: d.pid, running, healthy };
}

export async function status(runDir: string = DEFAULT_RUN_DIR): Promise<LabStatus> {
  const namespaces = new Set(await labNamespaces());
  const state = readState(runDir);
  const daemons = listDaemons(runDir);
  const result: BoxStatus[] = [];
  for (const b of boxes) {
    const present = namespaces.has(b.netns);
    const addr = present ? await run(["ip", "-n", b.netns, "-4", "-o", "addr", "show"]) : undefined;
    const addresses = (addr?.stdout ?? "")
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f[1] && f[1] !== "lo")
      .map((f) => `${f[1]} ${f[3]}`);
    result.push({
      box: b.name,
      netns: b.netns,
      present,
      addresses,
      daemons: await Promise.all(daemons.filter((d) => d.box === b.name).map(daemonStatus)),
    });
  }
  return {
    up: Boolean(state?.upAt) && result.every((b) => b.present),
    ...(state?.upAt ? { upAt: state.upAt } : {}),
    boxes: result,
  };
}

/** Runs a command inside a box. */
export function exec(box: BoxName, argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(inNetns(netnsOf(box), argv), opts);
}
