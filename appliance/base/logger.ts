// Structured logging: one JSON object per line, levels, child loggers that carry fields, and a
// redaction hook applied to every record so secrets never reach a log sink.

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "silent";

const LEVEL_RANK: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  silent: 99,
};

export type LogFields = Readonly<Record<string, unknown>>;

/** Returns the value to log for a field; called for every key at every depth. */
export type Redactor = (key: string, value: unknown) => unknown;

export interface LoggerOptions {
  level?: LogLevel;
  /** Receives one complete JSON line (no trailing newline). Defaults to process.stderr. */
  sink?: (line: string) => void;
  /** Timestamp source (ISO string); inject a clock's wallTime for tests. */
  time?: () => Date;
  redact?: Redactor;
}

/** Keys whose values are always masked, whatever redactor is configured. */
const SECRET_KEY = /pass(word)?|secret|token|authorization|credential|private.?key|pin$/i;

export const REDACTED = "[redacted]";

export const defaultRedactor: Redactor = (key, value) => (SECRET_KEY.test(key) ? REDACTED : value);

export class Logger {
  private readonly rank: number;

  constructor(
    private readonly options: Required<LoggerOptions>,
    private readonly fields: LogFields = {},
  ) {
    this.rank = LEVEL_RANK[options.level];
  }

  static create(options: LoggerOptions = {}): Logger {
    return new Logger({
      level: options.level ?? "info",
      sink: options.sink ?? ((line) => process.stderr.write(`${line}\n`)),
      time: options.time ?? (() => new Date()),
      redact: options.redact ?? defaultRedactor,
    });
  }

  /** A logger that drops everything (the default for components built without one). */
  static silent(): Logger {
    return Logger.create({ level: "silent", sink: () => {} });
  }

  /** A logger whose records all carry fields (merged over this logger's fields). */
  child(fields: LogFields): Logger {
    return new Logger(this.options, { ...this.fields, ...fields });
  }

  get level(): LogLevel {
    return this.options.level;
  }

  isEnabled(level: LogLevel): boolean {
    return level !== "silent" && LEVEL_RANK[level] >= this.rank;
  }

  trace(msg: string, fields?: LogFields): void {
    this.log("trace", msg, fields);
  }
  debug(msg: string, fields?: LogFields): void {
    this.log("debug", msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log("info", msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log("warn", msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.log("error", msg, fields);
  }

  log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (!this.isEnabled(level)) return;
    const record: Record<string, unknown> = { time: this.options.time().toISOString(), level, msg };
    const merged = fields ? { ...this.fields, ...fields } : this.fields;
    for (const [k, v] of Object.entries(merged)) {
      if (k in record) continue; // time/level/msg are reserved
      record[k] = this.clean(k, v, 0);
    }
    let line: string;
    try {
      line = JSON.stringify(record);
    } catch {
      line = JSON.stringify({ time: record.time, level, msg, logError: "unserialisable fields" });
    }
    this.options.sink(line);
  }

  private clean(key: string, value: unknown, depth: number): unknown {
    const v = defaultRedactor(key, this.options.redact(key, value));
    if (v === REDACTED) return v;
    if (v instanceof Error) return { name: v.name, message: v.message };
    if (typeof v === "bigint") return v.toString();
    if (Buffer.isBuffer(v)) return `<${v.length} bytes>`;
    if (depth >= 4 || v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x, i) => this.clean(String(i), x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.clean(k, x, depth + 1);
    return out;
  }
}
