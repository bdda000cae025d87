// baresip phones in the lab (pstn, lte-phone, desk-phone) and the scenario driver tests use:
// register, dial, answer, hang up, DTMF, wait for call events, play a WAV, fetch what was heard.
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderBaresipAccounts, renderBaresipConfig } from "./baresip-config.ts";
import { BaresipCtrl, type BaresipEvent } from "./baresip-ctrl.ts";
import { type DaemonRecord, findDaemon, isRunning, startDaemonAndWait, stopDaemon } from "./daemon.ts";
import { readDhcpLease } from "./dhcp-client.ts";
import { LabError } from "./lab-error.ts";
import type { SipAccount } from "./options.ts";
import { boxDir, currentSettings } from "./run-dir.ts";
import { sleep } from "./sleep.ts";
import { addressOf, type BoxName } from "./topology.ts";

export interface PhoneOptions {
  readonly box: BoxName;
  readonly account: SipAccount;
  /** Registrar host; absent: the phone does not register (direct calls only). */
  readonly registrar?: string;
  readonly audio: string;
  readonly autoAnswer?: boolean;
  /** Address to listen on; default the box's static address (the desk phone passes its lease). */
  readonly listenAddress?: string;
  readonly sipPort?: number;
  readonly ctrlPort?: number;
  readonly rtpPorts?: readonly [number, number];
}

export const BARESIP_SIP_PORT = 5060;
export const BARESIP_CTRL_PORT = 4444;
const DAEMON = "baresip";

export type CallEventType =
  | "CALL_INCOMING"
  | "CALL_RINGING"
  | "CALL_PROGRESS"
  | "CALL_ESTABLISHED"
  | "CALL_CLOSED";

/** Writes a fresh config dir for the phone and starts baresip; waits until SIP and ctrl listen. */
export async function startPhone(runDir: string, o: PhoneOptions): Promise<DaemonRecord> {
  const sipPort = o.sipPort ?? BARESIP_SIP_PORT;
  const ctrlPort = o.ctrlPort ?? BARESIP_CTRL_PORT;
  const dir = join(boxDir(runDir, o.box), "baresip");
  const recordDir = join(dir, "recordings");
  mkdirSync(recordDir, { recursive: true });
  const listenAddress = o.listenAddress ?? addressOf(o.box);
  writeFileSync(
    join(dir, "config"),
    renderBaresipConfig({
      listenAddress,
      sipPort,
      ctrlPort,
      // baresip also listens on sipPort+1 (TCP/TLS): keep RTP well away from it.
      rtpPorts: o.rtpPorts ?? [10000, 10099],
      audio: o.audio,
      recordDir,
    }),
  );
  writeFileSync(
    join(dir, "accounts"),
    renderBaresipAccounts(
      {
        username: o.account.username,
        password: o.account.password,
        ...(o.registrar ? { registrar: o.registrar } : {}),
        autoAnswer: o.autoAnswer ?? true,
      },
      listenAddress,
    ),
    { mode: 0o600 },
  );
  writeFileSync(join(dir, "contacts"), "");
  await stopDaemon(runDir, o.box, DAEMON);
  return startDaemonAndWait(runDir, {
    box: o.box,
    name: DAEMON,
    argv: ["baresip", "-4", "-f", dir],
    listens: [
      { proto: "udp", port: sipPort },
      { proto: "tcp", port: ctrlPort },
    ],
    // The phone answers a SIP OPTIONS for its user.
    probe: {
      box: o.box,
      argv: ["sipsak", "-D", "2", "-s", `sip:${o.account.username}@${listenAddress}:${sipPort}`],
    },
  });
}

export interface DeskPhoneOptions {
  readonly account: SipAccount;
  readonly registrar?: string;
  /** Default: the lab's 1 kHz tone. */
  readonly audio?: string;
  readonly autoAnswer?: boolean;
}

/** Starts the desk phone's baresip on the address its DHCP lease gave it (fails without a lease). */
export async function startDeskPhone(o: DeskPhoneOptions): Promise<DaemonRecord> {
  const settings = currentSettings();
  const lease = readDhcpLease(settings.runDir);
  if (!lease) throw new LabError("the desk phone has no DHCP lease yet (is a DHCP server running?)");
  return startPhone(settings.runDir, {
    box: "desk-phone",
    account: o.account,
    ...(o.registrar ? { registrar: o.registrar } : {}),
    audio: o.audio ?? settings.pstnAudio ?? "",
    autoAnswer: o.autoAnswer ?? true,
    listenAddress: lease.address,
  });
}

/** Drives a running lab phone over ctrl_tcp. */
export class Phone {
  private constructor(
    readonly box: BoxName,
    readonly ctrl: BaresipCtrl,
    private readonly recordDir: string,
    private readonly daemon: DaemonRecord,
  ) {}

  /** Connects to the baresip of `box` (started by `up` or startPhone). */
  static async connect(box: BoxName, ctrlPort = BARESIP_CTRL_PORT, runDir?: string): Promise<Phone> {
    const dir = runDir ?? currentSettings().runDir;
    const daemon = findDaemon(dir, box, DAEMON);
    if (!daemon || !isRunning(daemon)) throw new LabError(`no baresip running on ${box}`);
    return new Phone(
      box,
      await BaresipCtrl.connect(box, ctrlPort),
      join(boxDir(dir, box), "baresip", "recordings"),
      daemon,
    );
  }

  get running(): boolean {
    return isRunning(this.daemon);
  }

  /** Resolves once the account is registered (polls `reginfo`, events may predate the connection). */
  async waitRegistered(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = await this.ctrl.command("reginfo");
      // baresip colours its status words: strip the ANSI escapes first.
      if (/\bOK\b/.test(info.data.replace(/\x1b\[[0-9;]*m/g, " "))) return;
      if (Date.now() >= deadline) throw new LabError(`${this.box}: not registered`, info.data);
      await sleep(200);
    }
  }

  /** Index to pass to waitFor so that only events after now count. */
  mark(): number {
    return this.ctrl.events.length;
  }

  async dial(uri: string): Promise<void> {
    const r = await this.ctrl.command("dial", uri);
    if (!r.ok) throw new LabError(`${this.box}: dial ${uri} failed`, r.data);
  }

  /** Switches between answering by itself and waiting for answer(). */
  async setAutoAnswer(on: boolean): Promise<void> {
    const r = await this.ctrl.command("answermode", on ? "auto" : "manual");
    if (!r.ok) throw new LabError(`${this.box}: answermode failed`, r.data);
  }

  async answer(): Promise<void> {
    await this.ctrl.command("accept");
  }

  async hangup(): Promise<void> {
    await this.ctrl.command("hangup");
  }

  /** Sends DTMF digits one by one (baresip sends RFC 4733 telephone-events). */
  async sendDtmf(digits: string, gapMs = 250): Promise<void> {
    for (const d of digits) {
      await this.ctrl.command("sndcode", d);
      await sleep(gapMs);
    }
  }

  /** Resolves with the first `count` DTMF digits received after event index `from`. */
  async receivedDtmf(count: number, timeoutMs: number, from = 0): Promise<string> {
    const digits = (): string[] =>
      this.ctrl.events
        .slice(from)
        .filter((e) => e.type === "CALL_DTMF_START")
        .map((e) => e.param ?? "");
    const deadline = Date.now() + timeoutMs;
    while (digits().length < count && Date.now() < deadline) await sleep(50);
    return digits().slice(0, count).join("");
  }

  /** Switches what the phone plays in the current call. */
  async play(wav: string): Promise<void> {
    const r = await this.ctrl.command("ausrc", `aufile,${wav}`);
    if (!r.ok) throw new LabError(`${this.box}: cannot play ${wav}`, r.data);
  }

  waitFor(type: CallEventType | string, timeoutMs: number, from = 0): Promise<BaresipEvent> {
    return this.ctrl.waitForEvent((e) => e.type === type, timeoutMs, from);
  }

  /** The recording of what this phone heard in its latest call (complete once the call ended). */
  lastHeard(): string {
    return this.lastRecording("-dec.wav");
  }

  /** The recording of what this phone sent in its latest call. */
  lastSent(): string {
    return this.lastRecording("-enc.wav");
  }

  private lastRecording(suffix: string): string {
    const files = readdirSync(this.recordDir)
      .filter((f) => f.endsWith(suffix))
      .map((f) => join(this.recordDir, f))
      .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
    const last = files.at(-1);
    if (!last) throw new LabError(`${this.box}: no recording in ${this.recordDir}`);
    return last;
  }

  close(): void {
    this.ctrl.close();
  }
}
