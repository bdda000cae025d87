// Records audio to a WAV file durably (ARCHITECTURE.md, "Storage on the appliance"): samples go
// to a temp file next to the target; close() patches the header sizes, fsyncs, renames the temp
// over the target and fsyncs the directory. A crash leaves either no file or a complete one,
// never a half-written message. Writes are queued so the event loop never blocks on the disk.
import { type FileHandle, open, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { StateError } from "../base/index.ts";
import { type G711Law, g711Encode } from "./g711.ts";
import { WAVE_FORMAT_ALAW, WAVE_FORMAT_MULAW, WAVE_FORMAT_PCM, wavHeader } from "./wav.ts";

export type RecordingEncoding = "L16" | G711Law;

export interface WavRecorderOptions {
  encoding?: RecordingEncoding;
  sampleRate?: number;
  /** Refuse more than this many samples (a voicemail length cap). */
  maxSamples?: number;
}

let tempCounter = 0;

export class WavRecorder {
  private dataBytes = 0;
  private samples = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private state: "open" | "closing" | "closed" = "open";
  private closing: Promise<void> | undefined;
  private readonly formatTag: number;

  private constructor(
    readonly path: string,
    private readonly tmpPath: string,
    private readonly fh: FileHandle,
    private readonly encoding: RecordingEncoding,
    private readonly sampleRate: number,
    private readonly maxSamples: number,
  ) {
    this.formatTag =
      encoding === "L16" ? WAVE_FORMAT_PCM : encoding === "PCMU" ? WAVE_FORMAT_MULAW : WAVE_FORMAT_ALAW;
  }

  static async create(path: string, opts: WavRecorderOptions = {}): Promise<WavRecorder> {
    tempCounter = (tempCounter + 1) % 1_000_000_000;
    const tmp = `${path}.tmp-${process.pid}-${tempCounter}`;
    const fh = await open(tmp, "w", 0o600);
    const encoding = opts.encoding ?? "L16";
    const rate = opts.sampleRate ?? 8000;
    const rec = new WavRecorder(path, tmp, fh, encoding, rate, opts.maxSamples ?? Number.POSITIVE_INFINITY);
    // Header with zero sizes: a crash before close leaves only a temp file, removed on recovery.
    await fh.write(wavHeader(rec.formatTag, rate, 0), 0, undefined, 0);
    return rec;
  }

  /** Number of samples accepted so far. */
  get sampleCount(): number {
    return this.samples;
  }

  /** Queues linear samples; returns false once maxSamples is reached (the rest is dropped). */
  write(pcm: Int16Array): boolean {
    if (this.state !== "open") throw new StateError("recorder is closed", this.state, "write");
    const room = this.maxSamples - this.samples;
    if (room <= 0) return false;
    const take = pcm.length <= room ? pcm : pcm.subarray(0, room);
    let bytes: Uint8Array;
    if (this.encoding === "L16") {
      const b = Buffer.allocUnsafe(take.length * 2);
      for (let i = 0; i < take.length; i++) b.writeInt16LE(take[i]!, 2 * i);
      bytes = b;
    } else {
      bytes = g711Encode(this.encoding, take);
    }
    this.samples += take.length;
    const position = this.headerLength() + this.dataBytes;
    this.dataBytes += bytes.length;
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        await this.fh.write(bytes, 0, bytes.length, position);
      } catch (err) {
        this.failure = err;
      }
    });
    return take.length === pcm.length;
  }

  private headerLength(): number {
    return wavHeader(this.formatTag, this.sampleRate, 0).length;
  }

  /** Finishes the file durably and moves it into place. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  /** Discards the recording (e.g. the caller hung up before the beep). Idempotent. */
  async abort(): Promise<void> {
    if (this.state === "closed") return;
    this.state = "closing";
    await this.chain;
    await this.fh.close().catch(() => {});
    await unlink(this.tmpPath).catch(() => {});
    this.state = "closed";
  }

  private async finish(): Promise<void> {
    if (this.state === "closed") return;
    this.state = "closing";
    await this.chain;
    try {
      if (this.failure) throw this.failure;
      await this.fh.write(wavHeader(this.formatTag, this.sampleRate, this.dataBytes), 0, undefined, 0);
      await this.fh.sync();
      await this.fh.close();
      await rename(this.tmpPath, this.path);
      const dir = await open(dirname(this.path), "r");
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch (err) {
      await this.fh.close().catch(() => {});
      await unlink(this.tmpPath).catch(() => {});
      throw err;
    } finally {
      this.state = "closed";
    }
  }
}
