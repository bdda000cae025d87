// The short report `npm run lab` prints at the end (pure): each phase with its duration, the smoke
// call's steps, the stack outputs people need (desk-phone provisioning URLs, softphone QR files,
// the port-forward chain) and where the logs are. Secret outputs stay "[secret]".
import type { ChainRecord } from "./chain-record.ts";

export interface ReportPaths {
  readonly runDir: string;
  readonly pulumiLog: string;
  readonly applianceLog: string;
  readonly recordings: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object";
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

function outputLines(outputs: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const onboarding = isRecord(outputs.phoneOnboarding) ? outputs.phoneOnboarding : {};
  for (const d of list(onboarding.deskPhoneProvisioningUrls)) {
    if (isRecord(d)) lines.push(`  desk phone ${text(d.deviceId)}: ${list(d.urls).map(text).join(", ")}`);
  }
  if (onboarding.option160Url !== undefined)
    lines.push(`  DHCP option 160: ${text(onboarding.option160Url)}`);
  for (const q of list(onboarding.softphoneQrCodes)) {
    if (isRecord(q))
      lines.push(
        `  softphone ${text(q.deviceId)}: QR code ${text(q.file)} (valid until ${text(q.expiresAt)})`,
      );
  }
  const forwards = isRecord(outputs.portForwards) ? list(outputs.portForwards.checklist) : [];
  if (forwards.length > 0) {
    lines.push("  port forwards, internet → appliance:");
    for (const f of forwards) lines.push(`    ${text(f)}`);
  }
  const status = isRecord(outputs.applianceStatus) ? outputs.applianceStatus : {};
  if (isRecord(status.health)) {
    const trunks = isRecord(status.health.trunks) ? status.health.trunks : {};
    const t = Object.entries(trunks)
      .map(([name, state]) => `trunk ${name} ${text(state)}`)
      .join(", ");
    lines.push(
      `  appliance: service ${text(status.health.service)}, reload ${text(status.health.reload)}${t ? `, ${t}` : ""}`,
    );
  }
  return lines;
}

export function renderReport(r: ChainRecord, paths: ReportPaths): string {
  const mode =
    r.mode === "process"
      ? "--fast: the bundled appliance as a process in the pi box"
      : "the Pi image under qemu-system-aarch64 in the pi box";
  const lines = [`lab: ${r.labFile} (${mode})`];
  const width = "smoke call".length;
  for (const p of r.phases) {
    const secs = `${p.seconds.toFixed(1)} s`.padStart(8);
    lines.push(`  ${p.name.padEnd(width)} ${secs}  ${p.ok ? "ok    " : "FAILED"}  ${p.detail}`);
  }
  const total = r.totalSeconds ?? r.phases.reduce((sum, p) => sum + p.seconds, 0);
  lines.push(`  ${"total".padEnd(width)} ${`${total.toFixed(1)} s`.padStart(8)}`);
  if (r.smoke) {
    lines.push(`smoke call: ${r.smoke.plan}`);
    for (const s of r.smoke.steps) {
      const mark = s.status === "ok" ? "ok  " : s.status === "warn" ? "warn" : "FAIL";
      lines.push(`  ${mark} ${s.name}: ${s.detail}`);
    }
  }
  if (r.outputs) {
    const out = outputLines(r.outputs);
    if (out.length > 0) lines.push("stack outputs:", ...out);
  }
  lines.push(
    "logs:",
    `  lab run     ${paths.runDir}/<box>/*.log`,
    `  pulumi      ${paths.pulumiLog}`,
    `  appliance   ${paths.applianceLog}`,
    `  recordings  ${paths.recordings}`,
  );
  const failed = r.phases.find((p) => !p.ok);
  if (failed) lines.push(`lab: FAILED in phase ${failed.name}: ${failed.detail}`);
  return lines.join("\n");
}

/** "12 created, 2 unchanged" from `pulumi up`'s summary. */
export function resourceSummary(output: string): string {
  // The update's own summary: the last "Resources:" block (the preview before it has one too).
  const last = output.slice(Math.max(0, output.lastIndexOf("Resources:")));
  const counts = [...last.matchAll(/^\s+[-+~]?\s*(\d+) (created|updated|unchanged|deleted|replaced)$/gm)];
  return counts.map((m) => `${m[1]} ${m[2]}`).join(", ") || "done";
}
