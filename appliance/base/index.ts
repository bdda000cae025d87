export type { Clock, TimerHandle } from "./clock.ts";
export { ManualClock, SystemClock } from "./clock.ts";
export type { Listener } from "./emitter.ts";
export { TypedEmitter } from "./emitter.ts";
export {
  ConfigError,
  LimitExceededError,
  ParseError,
  PibxError,
  SipFailure,
  StateError,
  TransactionTimeoutError,
  TransportError,
} from "./errors.ts";
export type { IdSource } from "./ids.ts";
export { MAGIC_COOKIE, RandomIdSource } from "./ids.ts";
export type { LogFields, LoggerOptions, LogLevel, Redactor } from "./logger.ts";
export { defaultRedactor, Logger, REDACTED } from "./logger.ts";
export type { RandomSource } from "./random.ts";
export { cryptoRandom, SeededRandom } from "./random.ts";
