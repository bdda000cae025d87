// The durable voicemail store (ARCHITECTURE.md, "Storage on the appliance"). One directory per
// box; each message is `<id>.wav` (16-bit 8 kHz mono PCM) and `<id>.json` (metadata).
// Deposit order, so that a crash leaves either a complete message or nothing visible:
//   1. the audio is recorded into a temp file, fsynced, renamed to `<id>.wav`, dir fsynced;
//   2. only then the metadata goes to a temp file, fsync, rename to `<id>.json`, dir fsync:
//      that rename is the commit point. commit() resolves after it (the caller hears "saved").
// Deletion reverses it: the metadata goes first (the message disappears atomically), then the
// audio. Recovery at open() removes temp files and audio without metadata, and ignores
// metadata whose audio is missing or whose checksum fails (reported, never shown).
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { open, readdir, readFile, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { type Clock, TypedEmitter } from "../../base/index.ts";
import { parseWav } from "../../media/wav.ts";
import { WavRecorder } from "../../media/wav-recorder.ts";
import { writeFileDurable } from "../../store/index.ts";
import { InvalidMailboxNameError, MailboxFullError, MessageNotFoundError } from "./errors.ts";
import { type CallerIdentity, isMessageId, type MessageMeta, parseMessageMeta } from "./message-meta.ts";

export interface MailboxCounts {
  new: number;
  saved: number;
}

export interface VoicemailStoreOptions {
  root: string;
  clock: Clock;
  /** Messages kept per box (lab: voicemail.maxMessages). */
  maxMessages: number;
  /** Longest message in seconds (lab: voicemail.maxMessageSeconds). */
  maxMessageSeconds: number;
  /** Random suffix of message ids (tests pass a seeded one). */
  randomToken?: () => string;
}

export interface RecoveryReport {
  tempFilesRemoved: number;
  orphanAudioRemoved: number;
  orphanMetadataRemoved: number;
  brokenMessages: string[];
}

export interface VoicemailStoreEvents {
  /** A box's counts changed (deposit, save, delete): the MWI notifier listens. */
  changed: { box: string; counts: MailboxCounts };
}

const BOX_RE = /^[0-9A-Za-z_+-]{1,64}$/;
const SAMPLE_RATE = 8000;

function checkBox(box: string): string {
  if (!BOX_RE.test(box)) throw new InvalidMailboxNameError(box);
  return box;
}

async function syncDir(dir: string): Promise<void> {
  const dh = await open(dir, "r");
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/** A message being recorded; nothing is visible in the box until commit() resolves. */
export class MessageRecording {
  private readonly hash = createHash("sha256");
  private state: "open" | "committing" | "committed" | "aborted" = "open";
  private result: Promise<MessageMeta> | undefined;

  /** @internal */
  constructor(
    private readonly store: VoicemailStore,
    readonly box: string,
    readonly id: string,
    private readonly recorder: WavRecorder,
    private readonly caller: CallerIdentity,
    private readonly receivedAt: Date,
    private readonly maxSamples: number,
  ) {}

  get samples(): number {
    return this.recorder.sampleCount;
  }

  get durationMs(): number {
    return Math.round((this.recorder.sampleCount * 1000) / SAMPLE_RATE);
  }

  /** Appends linear samples; false once the maximum length is reached (the excess is dropped). */
  write(pcm: Int16Array): boolean {
    if (this.state !== "open") return false;
    const room = this.maxSamples - this.recorder.sampleCount;
    const take = pcm.length <= room ? pcm : pcm.subarray(0, Math.max(0, room));
    if (take.length > 0) {
      const b = Buffer.allocUnsafe(take.length * 2);
      for (let i = 0; i < take.length; i++) b.writeInt16LE(take[i]!, 2 * i);
      this.hash.update(b);
      this.recorder.write(take);
    }
    return take.length === pcm.length && this.recorder.sampleCount < this.maxSamples;
  }

  /** Makes the message durable and visible; resolves after the commit point. Idempotent. */
  commit(): Promise<MessageMeta> {
    if (this.state === "aborted") return Promise.reject(new MessageNotFoundError(this.box, this.id));
    this.result ??= this.doCommit();
    return this.result;
  }

  /** Drops the recording (caller hung up before speaking). Idempotent. */
  async abort(): Promise<void> {
    if (this.state !== "open") return;
    this.state = "aborted";
    await this.recorder.abort();
    this.store.release(this.box);
  }

  private async doCommit(): Promise<MessageMeta> {
    this.state = "committing";
    try {
      await this.recorder.close(); // audio durable at <id>.wav first
      const meta: MessageMeta = {
        id: this.id,
        box: this.box,
        caller: this.caller,
        receivedAt: this.receivedAt.toISOString(),
        durationMs: this.durationMs,
        sampleRate: SAMPLE_RATE,
        samples: this.recorder.sampleCount,
        sha256: this.hash.digest("hex"),
        flag: "new",
      };
      await this.store.commitMeta(meta); // the commit point
      this.state = "committed";
      return meta;
    } finally {
      this.store.release(this.box);
    }
  }
}

export class VoicemailStore extends TypedEmitter<VoicemailStoreEvents> {
  private readonly boxes = new Map<string, Map<string, MessageMeta>>();
  private readonly recording = new Map<string, number>();
  private lastRecovery: RecoveryReport = {
    tempFilesRemoved: 0,
    orphanAudioRemoved: 0,
    orphanMetadataRemoved: 0,
    brokenMessages: [],
  };

  private constructor(private readonly opts: VoicemailStoreOptions) {
    super();
  }

  /** Opens the store, cleaning what a crash left behind. */
  static async open(opts: VoicemailStoreOptions): Promise<VoicemailStore> {
    mkdirSync(opts.root, { recursive: true, mode: 0o700 });
    const s = new VoicemailStore(opts);
    await s.recover();
    return s;
  }

  get recovery(): RecoveryReport {
    return this.lastRecovery;
  }

  get root(): string {
    return this.opts.root;
  }

  boxDir(box: string): string {
    return join(this.opts.root, checkBox(box));
  }

  audioPath(box: string, id: string): string {
    if (!isMessageId(id)) throw new InvalidMailboxNameError(id);
    return join(this.boxDir(box), `${id}.wav`);
  }

  /** Messages of a box, oldest first. */
  async list(box: string): Promise<MessageMeta[]> {
    const msgs = await this.load(box);
    return [...msgs.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async counts(box: string): Promise<MailboxCounts> {
    const c = { new: 0, saved: 0 };
    for (const m of (await this.load(box)).values()) c[m.flag]++;
    return c;
  }

  /** Starts recording a message; throws MailboxFullError when the box is full. */
  async beginMessage(box: string, caller: CallerIdentity = {}): Promise<MessageRecording> {
    const msgs = await this.load(box);
    const inFlight = this.recording.get(box) ?? 0;
    if (msgs.size + inFlight >= this.opts.maxMessages) throw new MailboxFullError(box, this.opts.maxMessages);
    this.recording.set(box, inFlight + 1);
    try {
      const dir = this.boxDir(box);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const when = this.opts.clock.wallTime();
      const token = this.opts.randomToken?.() ?? randomBytes(6).toString("hex");
      const id = `${String(when.getTime()).padStart(13, "0")}-${token}`;
      const maxSamples = this.opts.maxMessageSeconds * SAMPLE_RATE;
      const rec = await WavRecorder.create(join(dir, `${id}.wav`), { encoding: "L16", maxSamples });
      return new MessageRecording(this, box, id, rec, caller, when, maxSamples);
    } catch (err) {
      this.release(box);
      throw err;
    }
  }

  async markSaved(box: string, id: string): Promise<MessageMeta> {
    return this.setFlag(box, id, "saved");
  }

  async markNew(box: string, id: string): Promise<MessageMeta> {
    return this.setFlag(box, id, "new");
  }

  /** Deletes a message: metadata first (it vanishes atomically), then the audio. */
  async delete(box: string, id: string): Promise<void> {
    const msgs = await this.load(box);
    if (!msgs.has(id)) throw new MessageNotFoundError(box, id);
    const dir = this.boxDir(box);
    await unlink(join(dir, `${id}.json`));
    msgs.delete(id);
    await unlink(join(dir, `${id}.wav`)).catch(() => {});
    await syncDir(dir);
    await this.changed(box);
  }

  /** Re-reads a message's audio and checks it against its metadata (length and checksum). */
  async verify(box: string, id: string): Promise<boolean> {
    const meta = (await this.load(box)).get(id);
    if (!meta) return false;
    return verifyAudio(this.audioPath(box, id), meta);
  }

  /** @internal commit point of a deposit. */
  async commitMeta(meta: MessageMeta): Promise<void> {
    await writeFileDurable(join(this.boxDir(meta.box), `${meta.id}.json`), JSON.stringify(meta));
    (await this.load(meta.box)).set(meta.id, meta);
    await this.changed(meta.box);
  }

  /** @internal */
  release(box: string): void {
    const n = (this.recording.get(box) ?? 1) - 1;
    if (n <= 0) this.recording.delete(box);
    else this.recording.set(box, n);
  }

  private async setFlag(box: string, id: string, flag: MessageMeta["flag"]): Promise<MessageMeta> {
    const msgs = await this.load(box);
    const meta = msgs.get(id);
    if (!meta) throw new MessageNotFoundError(box, id);
    if (meta.flag === flag) return meta;
    const next = { ...meta, flag };
    await writeFileDurable(join(this.boxDir(box), `${id}.json`), JSON.stringify(next));
    msgs.set(id, next);
    await this.changed(box);
    return next;
  }

  private async changed(box: string): Promise<void> {
    this.emit("changed", { box, counts: await this.counts(box) });
  }

  private async load(box: string): Promise<Map<string, MessageMeta>> {
    let msgs = this.boxes.get(box);
    if (msgs) return msgs;
    msgs = new Map();
    const dir = this.boxDir(box);
    let names: string[] = [];
    try {
      names = await readdir(dir);
    } catch {
      // no directory yet: an empty box
    }
    const set = new Set(names);
    for (const name of names) {
      if (!name.endsWith(".json")) continue;
      const id = name.slice(0, -5);
      if (!isMessageId(id) || !set.has(`${id}.wav`)) continue;
      try {
        const meta = parseMessageMeta(await readFile(join(dir, name), "utf8"));
        if (meta.id === id && meta.box === box) msgs.set(id, meta);
      } catch {
        // unreadable metadata: not shown (recovery reports it)
      }
    }
    this.boxes.set(box, msgs);
    return msgs;
  }

  private async recover(): Promise<void> {
    const report: RecoveryReport = {
      tempFilesRemoved: 0,
      orphanAudioRemoved: 0,
      orphanMetadataRemoved: 0,
      brokenMessages: [],
    };
    let boxes: string[] = [];
    try {
      boxes = await readdir(this.opts.root);
    } catch {
      // created above
    }
    for (const box of boxes) {
      if (!BOX_RE.test(box)) continue;
      const dir = join(this.opts.root, box);
      if (!(await stat(dir)).isDirectory()) continue;
      const names = await readdir(dir);
      const set = new Set(names);
      let removed = false;
      for (const name of names) {
        if (name.includes(".tmp-")) {
          // A temp file is never complete data (atomic-write.ts / wav-recorder.ts naming).
          await unlink(join(dir, name)).catch(() => {});
          report.tempFilesRemoved++;
          removed = true;
        } else if (
          name.endsWith(".wav") &&
          isMessageId(name.slice(0, -4)) &&
          !set.has(`${name.slice(0, -4)}.json`)
        ) {
          // Audio whose metadata never committed (crash between the two renames, or a delete).
          await unlink(join(dir, name)).catch(() => {});
          report.orphanAudioRemoved++;
          removed = true;
        } else if (
          name.endsWith(".json") &&
          isMessageId(name.slice(0, -5)) &&
          !set.has(`${name.slice(0, -5)}.wav`)
        ) {
          // Metadata without audio: only a delete whose unlink was not yet durable leaves it.
          await unlink(join(dir, name)).catch(() => {});
          report.orphanMetadataRemoved++;
          removed = true;
        }
      }
      if (removed) await syncDir(dir);
      const msgs = await this.load(box);
      for (const meta of [...msgs.values()]) {
        if (await verifyAudio(join(dir, `${meta.id}.wav`), meta)) continue;
        // Cannot happen with the commit order above unless the disk lies: hide, keep the files.
        report.brokenMessages.push(`${box}/${meta.id}`);
        msgs.delete(meta.id);
      }
    }
    this.lastRecovery = report;
  }
}

/** True when the WAV at path holds exactly the samples the metadata describes. */
export async function verifyAudio(path: string, meta: MessageMeta): Promise<boolean> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch {
    return false;
  }
  try {
    const { format, samples } = parseWav(buf);
    if (format.sampleRate !== meta.sampleRate || samples.length !== meta.samples) return false;
    const b = Buffer.allocUnsafe(samples.length * 2);
    for (let i = 0; i < samples.length; i++) b.writeInt16LE(samples[i]!, 2 * i);
    return createHash("sha256").update(b).digest("hex") === meta.sha256;
  } catch {
    return false;
  }
}
