// Pushing a config document to the appliance and checking it took: upload to a temp file, validate,
// swap atomically, SIGHUP, confirm from the log, then health. The running appliance never sees a
// half-written file, and a config it rejects is rolled back on disk (it keeps running the old one).
import { createHash, randomBytes } from "node:crypto";
import type { RemoteShell } from "../ssh/index.ts";
import { ApplianceConfigRejectedError, ApplianceUnhealthyError } from "./appliance-errors.ts";
import { type ApplianceRemote, pushCommands, remoteCommand } from "./appliance-remote.ts";

export type TrunkState = "registered" | "unregistered" | "unknown";

export interface ApplianceHealth {
  service: "active";
  /** "confirmed" when the log said "config reloaded"; "unconfirmed" without a log command. */
  reload: "confirmed" | "unconfirmed";
  trunks: Record<string, TrunkState>;
}

export interface PushOptions {
  /** Trunks that must be registered (those the lab declares with `register: true`). */
  trunks: readonly string[];
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  nonce?: string;
}

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const pollMs = 200;

/** The hash `sha256sum` prints for the config file on the appliance (drift detection). */
export async function remoteConfigHash(
  shell: RemoteShell,
  remote: ApplianceRemote,
): Promise<string | undefined> {
  const result = await shell.exec(pushCommands(remote, "x").hash);
  if (result.exitCode !== 0) return undefined;
  return result.stdout.trim().split(/\s+/)[0];
}

async function logLines(shell: RemoteShell, remote: ApplianceRemote): Promise<string[]> {
  if (!remote.logCommand) return [];
  const out = await shell.run("reading the appliance log", remoteCommand(remote, remote.logCommand));
  return out.split("\n").filter((line) => line.length > 0);
}

/** Polls the log lines after `offset` for the appliance's verdict on the reload. */
async function reloadVerdict(
  shell: RemoteShell,
  remote: ApplianceRemote,
  offset: number,
  o: Required<Pick<PushOptions, "sleep" | "now">>,
): Promise<{ accepted: boolean; detail: string }> {
  const deadline = o.now() + remote.reloadTimeoutMs;
  for (;;) {
    const fresh = (await logLines(shell, remote)).slice(offset);
    const rejected = fresh.find((line) => line.includes("config rejected"));
    if (rejected) return { accepted: false, detail: rejected };
    if (fresh.some((line) => line.includes("config reloaded"))) return { accepted: true, detail: "" };
    if (o.now() >= deadline)
      return {
        accepted: false,
        detail: `no "config reloaded" in the log within ${remote.reloadTimeoutMs} ms`,
      };
    await o.sleep(pollMs);
  }
}

interface StatusDocument {
  trunks?: Array<{ name?: unknown; registered?: unknown }>;
}

async function trunkStates(shell: RemoteShell, remote: ApplianceRemote, trunks: readonly string[]) {
  const states: Record<string, TrunkState> = Object.fromEntries(
    trunks.map((t) => [t, "unknown" as TrunkState]),
  );
  if (!remote.statusUrl || trunks.length === 0) return states;
  const result = await shell.exec(
    `curl -fsS --max-time 5 ${remote.statusUrl.replaceAll(/[^\w:/.?=&%-]/g, "")}`,
  );
  if (result.exitCode !== 0) return states;
  let doc: StatusDocument;
  try {
    doc = JSON.parse(result.stdout) as StatusDocument;
  } catch {
    return states;
  }
  for (const entry of doc.trunks ?? []) {
    if (typeof entry.name === "string" && entry.name in states) {
      states[entry.name] = entry.registered === true ? "registered" : "unregistered";
    }
  }
  return states;
}

/** Service up (and trunks registered when the appliance can say so), within the health budget. */
export async function checkHealth(
  shell: RemoteShell,
  remote: ApplianceRemote,
  options: PushOptions,
): Promise<Omit<ApplianceHealth, "reload">> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + remote.healthTimeoutMs;
  for (;;) {
    const status = await shell.exec(remoteCommand(remote, remote.statusCommand));
    const trunks = status.exitCode === 0 ? await trunkStates(shell, remote, options.trunks) : {};
    const waiting = Object.entries(trunks).filter(([, s]) => s === "unregistered");
    if (status.exitCode === 0 && waiting.length === 0) return { service: "active", trunks };
    if (now() >= deadline) {
      const why =
        status.exitCode !== 0
          ? `the service is not running (${remote.statusCommand} exited ${status.exitCode})`
          : `trunk ${waiting.map(([t]) => t).join(", ")} not registered`;
      throw new ApplianceUnhealthyError(shell.host, why);
    }
    await sleep(pollMs * 5);
  }
}

/** Pushes `document` (the whole config file text) and returns the appliance's health. */
export async function pushApplianceConfig(
  shell: RemoteShell,
  remote: ApplianceRemote,
  document: string,
  options: PushOptions,
): Promise<ApplianceHealth> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const commands = pushCommands(remote, options.nonce ?? randomBytes(6).toString("hex"));
  await shell.run("uploading the config", commands.upload, { stdin: document });
  if (commands.validate) {
    const checked = await shell.exec(commands.validate);
    if (checked.exitCode !== 0) {
      await shell.exec(commands.discardTemp);
      throw new ApplianceConfigRejectedError(
        shell.host,
        "validate",
        (checked.stderr || checked.stdout).trim(),
      );
    }
  }
  const offset = (await logLines(shell, remote)).length;
  await shell.run("swapping the config in", commands.swap);
  await shell.run("reloading the appliance", remoteCommand(remote, remote.reloadCommand));
  let reload: ApplianceHealth["reload"] = "unconfirmed";
  if (remote.logCommand) {
    const verdict = await reloadVerdict(shell, remote, offset, { sleep, now });
    if (!verdict.accepted) {
      // The appliance keeps its running config; the file must match it again for the next start.
      await shell.exec(commands.restore);
      throw new ApplianceConfigRejectedError(shell.host, "reload", verdict.detail);
    }
    reload = "confirmed";
  }
  return { ...(await checkHealth(shell, remote, options)), reload };
}
