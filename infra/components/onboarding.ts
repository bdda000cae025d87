// `pibx:onboarding:Onboarding`: what `pulumi up` hands the people of the lab — for each softphone a
// QR code PNG (the one-time Linphone provisioning URL) written to `outDir` (0600: it carries a
// token), and for the desk phones their provisioning URLs and the option-160 URL. The QR texts
// hold credentials: those outputs are secrets; file paths and desk-phone URLs are not.

import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Lab } from "../../schemas/index.ts";
import { onboardingQrCodes, onboardSoftphones } from "../onboarding/index.ts";
import { option160Url, provisioningFiles } from "../plan/provisioning.ts";

export interface OnboardingArgs {
  lab: Lab;
  /** Secret values by name (LabSecrets.values). */
  secrets: Record<string, pulumi.Input<string>>;
  /** Base64 key shared with the appliance's provisioning server (a secret). */
  onboardingKey: pulumi.Input<string>;
  /** Where the QR code PNGs go (created, 0700). */
  outDir: string;
  /** Epoch ms; injected so tests are deterministic. */
  now?: number;
  nonce?: () => string;
  /** Write the PNGs (default: only during `pulumi up`, not `preview`). */
  writeFiles?: boolean;
}

export interface SoftphoneQr {
  deviceId: string;
  /** The QR code PNG: scan it in Linphone (Assistant → Fetch remote configuration → QR code). */
  file: string;
  expiresAt: string;
}

export interface DeskPhoneUrls {
  deviceId: string;
  urls: string[];
}

export class Onboarding extends pulumi.ComponentResource {
  readonly qrCodes: pulumi.Output<SoftphoneQr[]>;
  /** deviceId → one-time provisioning URL (secret: holds a token). */
  readonly linphoneUrls: pulumi.Output<Record<string, string>>;
  readonly provisioningUrls: DeskPhoneUrls[];
  readonly option160Url: string;

  constructor(name: string, args: OnboardingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pibx:onboarding:Onboarding", name, {}, opts);
    const { lab } = args;
    this.option160Url = option160Url(lab);
    this.provisioningUrls = provisioningFiles(lab).map((f) => ({ deviceId: f.deviceId, urls: f.httpUrls }));
    const write = args.writeFiles ?? !pulumi.runtime.isDryRun();
    const issued = pulumi
      .all([pulumi.all(args.secrets), args.onboardingKey])
      .apply(async ([secrets, key]) => {
        const softphones = onboardSoftphones(lab, {
          secrets,
          onboardingKey: key,
          now: args.now ?? Date.now(),
          nonce: args.nonce ?? (() => randomBytes(16).toString("base64url")),
        });
        if (write) mkdirSync(args.outDir, { recursive: true, mode: 0o700 });
        const files: SoftphoneQr[] = [];
        for (const s of softphones) {
          const file = join(args.outDir, `${s.deviceId}.png`);
          if (write) writeFileSync(file, (await onboardingQrCodes(s)).linphone.png, { mode: 0o600 });
          files.push({ deviceId: s.deviceId, file, expiresAt: new Date(s.expiresAt).toISOString() });
        }
        return { files, urls: Object.fromEntries(softphones.map((s) => [s.deviceId, s.linphoneUrl])) };
      });
    // File names and expiry are not secret; `unsecret` keeps the input secrets from tainting them.
    this.qrCodes = pulumi.unsecret(issued.apply((i) => i.files));
    this.linphoneUrls = pulumi.secret(issued.apply((i) => i.urls));
    this.registerOutputs({
      qrCodes: this.qrCodes,
      linphoneUrls: this.linphoneUrls,
      provisioningUrls: this.provisioningUrls,
      option160Url: this.option160Url,
    });
  }
}
