// pibx onboard <lab.yaml> [--device id] [--out dir] [--secrets file.json]: the softphone
// onboarding QR codes: a one-time Linphone provisioning URL and the plain SIP account, printed
// for the terminal and, with --out, written as PNG files.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { onboardingQrCodes, onboardSoftphones, sipAccountText } from "../../infra/onboarding/index.ts";
import { MissingSecretError } from "../../infra/plan/provisioning.ts";
import { formatDiagnostic, loadLab } from "../../schemas/index.ts";
import { type Command, type CommandIo, usageExitCode } from "./command.ts";

/** The name under which the appliance's onboarding key is looked up among the secrets. */
export const ONBOARDING_KEY_SECRET = "onboardingKey";

interface Options {
  file: string;
  device?: string;
  out?: string;
  secretsFile?: string;
}

function parseArgs(args: readonly string[]): Options | undefined {
  const rest = [...args];
  const opts: Partial<Options> = {};
  while (rest.length > 0) {
    const a = rest.shift()!;
    if (a === "--device" || a === "--out" || a === "--secrets") {
      const v = rest.shift();
      if (v === undefined) return undefined;
      if (a === "--device") opts.device = v;
      else if (a === "--out") opts.out = v;
      else opts.secretsFile = v;
    } else if (a.startsWith("--") || opts.file !== undefined) return undefined;
    else opts.file = a;
  }
  return opts.file === undefined ? undefined : (opts as Options);
}

/** Secrets from the JSON file, then PIBX_SECRET_<name> environment variables. */
function loadSecrets(file: string | undefined, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith("PIBX_SECRET_") && v !== undefined) out[k.slice("PIBX_SECRET_".length)] = v;
  }
  if (file !== undefined) {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (parsed && typeof parsed === "object") {
      for (const [k, v] of Object.entries(parsed)) if (typeof v === "string") out[k] = v;
    }
  }
  return out;
}

export async function runOnboard(
  args: readonly string[],
  io: CommandIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const opts = parseArgs(args);
  if (opts === undefined) {
    io.stderr(`usage: pibx onboard ${onboardCommand.usage}`);
    return usageExitCode;
  }
  const { lab, diagnostics } = loadLab(opts.file);
  if (lab === undefined) {
    for (const d of diagnostics) io.stderr(formatDiagnostic(d));
    return 1;
  }
  const softphones = lab.devices.filter((d) => d.type === "softphone");
  if (opts.device !== undefined && !softphones.some((d) => d.id === opts.device)) {
    io.stderr(
      `${opts.file}: no softphone "${opts.device}"; softphones: ${softphones.map((d) => d.id).join(", ") || "none"}`,
    );
    return 1;
  }
  let secrets: Record<string, string>;
  try {
    secrets = loadSecrets(opts.secretsFile, env);
  } catch (err) {
    io.stderr(
      `cannot read secrets from ${opts.secretsFile}: ${err instanceof Error ? err.message : String(err)}`,
    );
    return 1;
  }
  const key = secrets[ONBOARDING_KEY_SECRET];
  if (key === undefined) {
    io.stderr(
      `the appliance's onboarding key is needed: --secrets <file.json> with "${ONBOARDING_KEY_SECRET}" (e.g. from \`pulumi stack output --show-secrets --json\`) or PIBX_SECRET_${ONBOARDING_KEY_SECRET}`,
    );
    return 1;
  }
  let onboardings: ReturnType<typeof onboardSoftphones>;
  try {
    onboardings = onboardSoftphones(lab, {
      secrets,
      onboardingKey: key,
      now: Date.now(),
      nonce: () => randomBytes(16).toString("base64url"),
      ...(opts.device !== undefined ? { deviceIds: [opts.device] } : {}),
    });
  } catch (err) {
    if (err instanceof MissingSecretError) {
      io.stderr(`${err.message}: add it to --secrets or set PIBX_SECRET_${err.secret}`);
      return 1;
    }
    throw err;
  }
  if (opts.out !== undefined) await mkdir(opts.out, { recursive: true });
  for (const o of onboardings) {
    const qr = await onboardingQrCodes(o);
    io.stdout(`── ${o.deviceId}${o.description ? ` (${o.description})` : ""} ──`);
    io.stdout(
      `Linphone: scan in "Fetch remote configuration"; works once, until ${new Date(o.expiresAt).toISOString()}`,
    );
    io.stdout(o.linphoneUrl);
    for (const line of qr.linphone.terminal.split("\n")) io.stdout(line);
    o.accounts.forEach((a, i) => {
      io.stdout("Any SIP app: the account (sip:user:password@domain;maddr=server):");
      for (const line of sipAccountText(a)) io.stdout(`  ${line}`);
      for (const line of qr.accounts[i]!.terminal.split("\n")) io.stdout(line);
    });
    if (opts.out !== undefined) {
      // The images carry a password or a token: readable by the operator only.
      const linphonePath = join(opts.out, `${o.deviceId}-linphone.png`);
      await writeFile(linphonePath, qr.linphone.png, { mode: 0o600 });
      const written = [linphonePath];
      for (const [i, image] of qr.accounts.entries()) {
        const p = join(opts.out, `${o.deviceId}-sip-account${i === 0 ? "" : `-${i + 1}`}.png`);
        await writeFile(p, image.png, { mode: 0o600 });
        written.push(p);
      }
      io.stdout(`written: ${written.join(", ")}`);
    }
  }
  if (onboardings.length === 0) io.stdout(`${opts.file}: no softphones to onboard`);
  return 0;
}

export const onboardCommand: Command = {
  name: "onboard",
  summary: "softphone onboarding QR codes (one-time Linphone URL, plain SIP account)",
  usage: "<lab.yaml> [--device id] [--out dir] [--secrets file.json]",
  run(args, io) {
    return runOnboard(args, io, process.env);
  },
};
