// Call detail records appended to a JSON-lines file, each append fsynced before write()
// resolves. A power cut can leave a torn last line: recovery skips it (and any garbage line)
// and truncates the file back to the last complete record before appending again.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { type CallDetailRecord, type CdrSink, isCallDetailRecord } from "./cdr-record.ts";

export interface CdrRecovery {
  records: CallDetailRecord[];
  /** Lines that were not a complete record (a torn tail, or corruption). */
  skipped: number;
}

/** Reads every complete record; a missing file is empty. */
export function readCdrFile(path: string): CdrRecovery & { validBytes: number } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { records: [], skipped: 0, validBytes: 0 };
    throw err;
  }
  const records: CallDetailRecord[] = [];
  let skipped = 0;
  let validBytes = 0;
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf("\n", at);
    if (nl < 0) {
      skipped++; // a torn last line: no newline, never acknowledged
      break;
    }
    const line = text.slice(at, nl);
    at = nl + 1;
    try {
      const r: unknown = JSON.parse(line);
      if (isCallDetailRecord(r)) {
        records.push(r);
        validBytes = Buffer.byteLength(text.slice(0, at), "utf8");
        continue;
      }
    } catch {
      // not JSON
    }
    skipped++;
  }
  return { records, skipped, validBytes };
}

export class JsonlCdrStore implements CdrSink {
  private fd: number | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  /** Recovers the file (dropping a torn tail) and opens it for appending. Idempotent. */
  open(): CdrRecovery {
    const found = readCdrFile(this.path);
    if (this.fd !== undefined) return { records: found.records, skipped: found.skipped };
    mkdirSync(dirname(this.path), { recursive: true });
    this.fd = openSync(this.path, "a");
    // A torn tail would glue itself to the next record: cut the file back to the last good line.
    truncateSync(this.path, found.validBytes);
    fsyncSync(this.fd);
    // A newly created file's directory entry must survive a power cut too: fsync the directory.
    const dir = openSync(dirname(this.path), "r");
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    return { records: found.records, skipped: found.skipped };
  }

  /** Appends one record as one line and fsyncs; writes are serialized. */
  write(record: CallDetailRecord): Promise<void> {
    const next = this.chain.then(() => {
      if (this.fd === undefined) this.open();
      const line = Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
      writeSync(this.fd!, line);
      fsyncSync(this.fd!);
    });
    this.chain = next.catch(() => {});
    return next;
  }

  /** Idempotent. */
  async close(): Promise<void> {
    await this.chain;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Keeps records in memory (tests, or a deployment without a state directory). */
export class MemoryCdrSink implements CdrSink {
  readonly records: CallDetailRecord[] = [];
  write(record: CallDetailRecord): Promise<void> {
    this.records.push(record);
    return Promise.resolve();
  }
}
