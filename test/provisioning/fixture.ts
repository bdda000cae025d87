// The example home lab as the provisioning tests use it: fixed test values in place of the
// secret references, extra desk phones of every vendor, and an appliance provisioning server
// started on 127.0.0.1 with its log captured.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Clock, Logger, SystemClock } from "../../appliance/base/index.ts";
import {
  createProvisioning,
  type Provisioning,
  type ProvisioningConfig,
} from "../../appliance/provisioning/index.ts";
import { type ProvisioningPlan, planProvisioning } from "../../infra/plan/provisioning.ts";
import { type DeskPhone, type Lab, requireLab } from "../../schemas/index.ts";

export const SECRETS: Readonly<Record<string, string>> = {
  ext100Password: "ext100-Pw-0123456789",
  ext101Password: "ext101-Pw-0123456789",
  ext102Password: "ext102-Pw-0123456789",
  ext103Password: "ext103-Pw-0123456789",
};

/** Each desk phone's URL token and digest password. */
export const ACCESS: Readonly<Record<string, { token: string; password: string }>> = {
  "desk-7821": { token: "tok7821aaaaaaaaaaaaaaaaa", password: "digest-7821" },
  "lobby-t46u": { token: "tokT46Ubbbbbbbbbbbbbbbbb", password: "digest-t46u" },
  "lobby-gxp": { token: "tokGXPcccccccccccccccccc", password: "digest-gxp" },
  "lobby-vvx": { token: "tokVVXdddddddddddddddddd", password: "digest-vvx" },
  "lobby-snom": { token: "tokSNOMeeeeeeeeeeeeeeeee", password: "digest-snom" },
  "lobby-7960": { token: "tok7960fffffffffffffffff", password: "digest-7960" },
};

export const ONBOARDING_KEY = Buffer.alloc(32, 0x42).toString("base64");

/** The example home lab, validated (a ConfigError lists every problem otherwise). */
export function homeLab(): Lab {
  return requireLab("examples/home-lab/lab.yaml");
}

/** Desk phones of the other vendors, all carrying extension 103 (Lobby). */
export const EXTRA_PHONES: readonly DeskPhone[] = [
  { id: "lobby-t46u", type: "desk", vendor: "yealink", model: "T46U", mac: "00:15:65:AA:BB:01" },
  { id: "lobby-gxp", type: "desk", vendor: "grandstream", model: "GXP2170", mac: "000B82AABB02" },
  { id: "lobby-vvx", type: "desk", vendor: "polycom", model: "VVX 411", mac: "0004.f2aa.bb03" },
  { id: "lobby-snom", type: "desk", vendor: "snom", model: "D735", mac: "00-04-13-AA-BB-04" },
  { id: "lobby-7960", type: "desk", vendor: "cisco-sip", model: "7960", mac: "00:1B:54:AA:BB:05" },
];

export function allVendorsLab(): Lab {
  const lab = homeLab();
  return {
    ...lab,
    devices: [...lab.devices, ...EXTRA_PHONES],
    extensions: lab.extensions.map((e) =>
      e.number === "103" ? { ...e, devices: EXTRA_PHONES.map((p) => p.id) } : e,
    ),
  };
}

export function planFor(lab: Lab): ProvisioningPlan {
  return planProvisioning(lab, {
    secrets: SECRETS,
    deviceAccess: ACCESS,
    onboardingKey: ONBOARDING_KEY,
    year: 2026,
  });
}

export interface RunningAppliance {
  readonly prov: Provisioning;
  readonly httpPort: number;
  readonly tftpPort: number;
  readonly logs: string[];
  readonly stateDir: string;
  readonly config: ProvisioningConfig;
  /** Log messages (the `msg` of each JSON line). */
  messages(): string[];
  /** Closes the servers; removeState also deletes the state directory. */
  close(removeState?: boolean): Promise<void>;
}

/** The plan's config with 127.0.0.0/8 on the "LAN", served on ephemeral ports of 127.0.0.1. */
export async function startAppliance(
  lab: Lab,
  opts: { clock?: Clock; stateDir?: string; lan?: readonly string[] } = {},
): Promise<RunningAppliance> {
  const planned = planFor(lab).config;
  const config: ProvisioningConfig = {
    ...planned,
    lanPrefixes: opts.lan ?? [...planned.lanPrefixes, "127.0.0.0/8"],
  };
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), "pibx-prov-"));
  const logs: string[] = [];
  const log = Logger.create({ level: "debug", sink: (line) => logs.push(line) });
  const prov = createProvisioning(config, { clock: opts.clock ?? new SystemClock(), log, stateDir });
  const http = await prov.http.listen(0, "127.0.0.1");
  const tftpPort = await prov.tftp.listen(0, "127.0.0.1");
  return {
    prov,
    httpPort: http.port,
    tftpPort,
    logs,
    stateDir,
    config,
    messages: () => logs.map((l) => (JSON.parse(l) as { msg: string }).msg),
    async close(removeState = true) {
      await prov.close();
      if (removeState) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Every secret value the tests use: none may appear in a log line. */
export function allSecretValues(config: ProvisioningConfig): string[] {
  return [
    ...Object.values(SECRETS),
    ...Object.values(ACCESS).flatMap((a) => [a.token, a.password]),
    ...config.devices.flatMap((d) => d.device.lines.map((l) => l.password)),
  ];
}
