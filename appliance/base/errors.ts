// The typed error vocabulary: every failure is one of these, never a thrown string.

/** Base class so callers can tell pibx errors from programming errors. */
export class PibxError extends Error {
  override name = "PibxError";
}

/** Malformed input; offset is the byte (or character) index where parsing stopped. */
export class ParseError extends PibxError {
  override name = "ParseError";
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at offset ${offset})`);
  }
}

/** Input exceeded a configured bound (size, count, length): a ParseError for the caller. */
export class LimitExceededError extends ParseError {
  override name = "LimitExceededError";
  constructor(
    readonly limit: string,
    readonly max: number,
    offset: number,
  ) {
    super(`limit ${limit} (${max}) exceeded`, offset);
  }
}

/** A SIP-level failure that maps to a final response (RFC 3261 §21). */
export class SipFailure extends PibxError {
  override name = "SipFailure";
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly headers: ReadonlyArray<readonly [string, string]> = [],
  ) {
    super(`${status} ${reason}`);
  }
}

/** A transaction ended by its timeout timer (B, F or H): RFC 3261 §17 calls this a timeout. */
export class TransactionTimeoutError extends PibxError {
  override name = "TransactionTimeoutError";
  constructor(
    readonly timer: string,
    readonly transactionId: string,
  ) {
    super(`transaction ${transactionId} timed out (timer ${timer})`);
  }
}

/** A send or connect failed: RFC 3261 §17.1.4 / §18.4 transport errors. */
export class TransportError extends PibxError {
  override name = "TransportError";
  constructor(
    message: string,
    readonly target?: string,
    override readonly cause?: unknown,
  ) {
    super(target ? `${message} (${target})` : message);
  }
}

/** An invalid configuration value; path is the JSON path, line/column where known. */
export class ConfigError extends PibxError {
  override name = "ConfigError";
  constructor(
    message: string,
    readonly path: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? `${path}: ${message}` : `${path} (${line}:${column ?? 0}): ${message}`);
  }
}

/** An operation that the current state does not allow (e.g. an illegal state-machine edge). */
export class StateError extends PibxError {
  override name = "StateError";
  constructor(
    message: string,
    readonly state: string,
    readonly event: string,
  ) {
    super(`${message}: event ${event} in state ${state}`);
  }
}
