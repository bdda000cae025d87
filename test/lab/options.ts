// What the caller of `up` chooses. The only place where the lab's default credentials live: a fresh
// random password per run unless the caller (or PIBX_LAB_TRUNK_PASSWORD for the CLI) passes one.
import { randomBytes } from "node:crypto";

export interface SipAccount {
  /** SIP user name, also the number other boxes dial. */
  readonly username: string;
  readonly password: string;
}

export interface LabOptions {
  /** Where configs, logs, keys and pid files of this run go (root-only, under /run). */
  readonly runDir: string;
  /** The PBX's trunk account at the provider. */
  readonly trunk: SipAccount;
  /** Numbers the provider routes to the registered trunk contact. */
  readonly dids: readonly string[];
  /** The "PSTN" caller's account at the provider: any number not known there is routed to it. */
  readonly pstn: SipAccount;
  readonly ltePhone: SipAccount;
  /** Digest realm of the provider. */
  readonly realm: string;
  /** WAV each phone plays when a call is up (defaults: 1 kHz for pstn, 440 Hz for the lte phone). */
  readonly pstnAudio?: string;
  readonly lteAudio?: string;
  /** Answer incoming calls without being told to. */
  readonly autoAnswer: boolean;
  /** How long `up` waits while a lab is held by another live process (a test elsewhere). */
  readonly lockWaitMs: number;
  /** Called once every daemon has started, before `up` waits for the phones to register. */
  readonly afterDaemonsStarted?: () => Promise<void>;
  /** Print progress lines. */
  readonly log: (line: string) => void;
}

export const DEFAULT_RUN_DIR = "/run/pibx-lab";

const secret = (): string => randomBytes(12).toString("base64url");

export function labOptions(overrides: Partial<LabOptions> = {}): LabOptions {
  return {
    runDir: DEFAULT_RUN_DIR,
    trunk: {
      username: process.env.PIBX_LAB_TRUNK_USER ?? "pibx-trunk",
      password: process.env.PIBX_LAB_TRUNK_PASSWORD ?? secret(),
    },
    dids: ["15550100", "15550101"],
    pstn: { username: "15550199", password: secret() },
    ltePhone: { username: "15550142", password: secret() },
    realm: "203.0.113.10",
    autoAnswer: true,
    lockWaitMs: 300_000,
    log: () => {},
    ...overrides,
  };
}
